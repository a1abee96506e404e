"""Clinic setup pages, for the clinic's admins only: settings, opening hours, closures,
rooms and staff. Everyone else gets 404. Pages read through the selectors (audited) and
change things only through the services, by POST."""

import zoneinfo
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mesoclinic.access import Capability, access_clinic
from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.clinics.forms import (
    OWN_FILE,
    PACKAGED,
    ClinicSettingsForm,
    ClosureForm,
    ExistingStaffForm,
    MembershipForm,
    NewStaffForm,
    RoomEditForm,
    RoomForm,
    SpanFormSet,
    kept_rows,
)
from mesoclinic.clinics.invitations import INVITED
from mesoclinic.clinics.models import Clinic
from mesoclinic.clinics.selectors import (
    access_clinic_setup,
    access_member,
    access_room,
    access_setup_clinic,
    access_staff,
    setup_clinics,
)
from mesoclinic.clinics.services import (
    OpeningHoursError,
    Span,
    clinic_settings_problems,
    clinic_update,
    closure_add,
    closure_remove,
    membership_add,
    membership_update,
    opening_hours_set,
    room_add,
    room_update,
    staff_create,
    staff_problems,
    staff_user_deactivate,
)
from mesoclinic.pages.clinic_choice import clinic_choice
from mesoclinic.pages.form_errors import apply_errors, apply_further_errors
from mesoclinic.phone import COUNTRIES, phone_display


@lru_cache(maxsize=1)
def time_zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def _setup_clinic(actor: Actor, clinic_id: int) -> Clinic:
    """For POSTs: the access check only; the service's own audit row records the write."""
    return access_clinic(actor, clinic_id, Capability.SETUP)


def _page(
    request: HttpRequest, template: str, clinic: Clinic, section: str, **context: Any
) -> HttpResponse:
    return render(request, template, {"clinic": clinic, "section": section, **context})


@require_GET
def clinic_index(request: HttpRequest) -> HttpResponse:
    clinics = setup_clinics(actor_from(request))
    return clinic_choice(request, clinics, page="clinics:settings", template="clinics/index.html")


@require_http_methods(["GET", "POST"])
def clinic_settings(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    if request.method == "POST":
        clinic = _setup_clinic(actor, clinic_id)
        form = ClinicSettingsForm(request.POST)
        if form.is_valid():
            try:
                clinic_update(
                    actor=actor,
                    clinic_id=clinic.id,
                    name=form.cleaned_data["name"],
                    time_zone=form.cleaned_data["time_zone"],
                    protocol_path=form.chosen_protocol_path(),
                    buffer_minutes=form.cleaned_data["buffer_minutes"],
                    slot_minutes=form.cleaned_data["slot_minutes"],
                    country=form.given("country"),
                    date_order=form.given("date_order"),
                    phone=form.given("phone"),
                    postal_address=form.given("postal_address"),
                    paper_size=form.given("paper_size"),
                )
            except ValidationError as error:
                apply_errors(error, form)
            else:
                messages.success(request, "Clinic settings saved.")
                return redirect("clinics:settings", clinic_id=clinic.id)
        else:
            # One submit shows every refusal: the service checks what the form let through.
            apply_further_errors(
                form, clinic_settings_problems(clinic=clinic, **form.valid_settings())
            )
    else:
        clinic = access_setup_clinic(actor, clinic_id)
        form = ClinicSettingsForm(
            initial={
                "name": clinic.name,
                "time_zone": clinic.time_zone,
                "protocol_source": OWN_FILE if clinic.protocol_path else PACKAGED,
                "protocol_path": clinic.protocol_path,
                "buffer_minutes": clinic.buffer_minutes,
                "slot_minutes": clinic.slot_minutes,
                "country": clinic.country,
                "date_order": clinic.date_order,
                "phone": phone_display(clinic.phone, clinic.country),
                "postal_address": clinic.postal_address,
                "paper_size": clinic.paper_size,
            }
        )
    return _page(
        request,
        "clinics/settings.html",
        clinic,
        "settings",
        form=form,
        time_zones=time_zone_names(),
        countries=COUNTRIES,
    )


@require_http_methods(["GET", "POST"])
def opening_hours(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    if request.method == "POST":
        clinic = _setup_clinic(actor, clinic_id)
        formset = SpanFormSet(request.POST)
        if formset.is_valid():
            kept = [(form, Span(*form.values())) for form in kept_rows(formset)]
            try:
                opening_hours_set(actor=actor, clinic_id=clinic.id, spans=[s for _, s in kept])
            except OpeningHoursError as error:
                for problem in error.problems:
                    kept[problem.index][0].add_error(problem.field, problem.message)
            else:
                messages.success(request, "Opening hours saved.")
                return redirect("clinics:hours", clinic_id=clinic.id)
    else:
        setup = access_clinic_setup(actor, clinic_id, "opening hours")
        clinic = setup.clinic
        formset = SpanFormSet(
            initial=[
                {"weekday": span.weekday, "opens": span.opens, "closes": span.closes}
                for span in setup.opening_hours
            ]
        )
    return _page(request, "clinics/hours.html", clinic, "hours", formset=formset)


@require_http_methods(["GET", "POST"])
def closures(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure_add(actor=actor, clinic_id=clinic_id, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Closure added.")
            return redirect("clinics:closures", clinic_id=clinic_id)
    setup = access_clinic_setup(actor, clinic_id, "closures")
    return _page(request, "clinics/closures.html", setup.clinic, "closures", form=form, setup=setup)


@require_POST
def closure_delete(request: HttpRequest, clinic_id: int, closure_id: int) -> HttpResponse:
    closure_remove(actor=actor_from(request), clinic_id=clinic_id, closure_id=closure_id)
    messages.success(request, "Closure removed: the clinic is open on those days again.")
    return redirect("clinics:closures", clinic_id=clinic_id)


@require_http_methods(["GET", "POST"])
def rooms(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            room = room_add(actor=actor, clinic_id=clinic_id, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, f"{room.name} added.")
            return redirect("clinics:rooms", clinic_id=clinic_id)
    setup = access_clinic_setup(actor, clinic_id, "rooms")
    return _page(request, "clinics/rooms.html", setup.clinic, "rooms", form=form, setup=setup)


@require_http_methods(["GET", "POST"])
def room_edit(request: HttpRequest, clinic_id: int, room_id: int) -> HttpResponse:
    actor = actor_from(request)
    room = access_room(actor, clinic_id, room_id)
    form = RoomEditForm(request.POST or None, initial={"name": room.name, "active": room.active})
    if request.method == "POST" and form.is_valid():
        try:
            room_update(actor=actor, clinic_id=clinic_id, room_id=room.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Room saved.")
            return redirect("clinics:rooms", clinic_id=clinic_id)
    return _page(request, "clinics/room.html", room.clinic, "rooms", form=form, room=room)


@require_GET
def staff(request: HttpRequest, clinic_id: int) -> HttpResponse:
    clinic, members = access_staff(actor_from(request), clinic_id)
    return _page(request, "clinics/staff.html", clinic, "staff", members=members)


@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic = _setup_clinic(actor, clinic_id)
    form = NewStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_create(actor=actor, clinic_id=clinic.id, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Account created with its role here.")
            return redirect("clinics:staff", clinic_id=clinic.id)
    elif request.method == "POST":
        # One submit shows every refusal: the service checks what the form let through.
        apply_further_errors(form, staff_problems(**form.valid_details()))
    return _page(request, "clinics/staff_new.html", clinic, "staff", form=form)


@require_http_methods(["GET", "POST"])
def staff_existing(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic = _setup_clinic(actor, clinic_id)
    form = ExistingStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            given = membership_add(actor=actor, clinic_id=clinic.id, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Role given." if given else INVITED)
            return redirect("clinics:staff", clinic_id=clinic.id)
    return _page(request, "clinics/staff_existing.html", clinic, "staff", form=form)


@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, clinic_id: int, membership_id: int) -> HttpResponse:
    actor = actor_from(request)
    membership = access_member(actor, clinic_id, membership_id)
    form = MembershipForm(
        request.POST or None, initial={"role": membership.role, "active": membership.active}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(
                actor=actor, clinic_id=clinic_id, membership_id=membership.pk, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Role saved.")
            if not form.cleaned_data["active"] and membership.user_id == actor.user.pk:
                return redirect("dashboard")
            return redirect("clinics:staff", clinic_id=clinic_id)
    return _page(
        request,
        "clinics/member.html",
        membership.clinic,
        "staff",
        form=form,
        membership=membership,
        deactivate_error=None,
    )


@require_POST
def member_deactivate_account(
    request: HttpRequest, clinic_id: int, membership_id: int
) -> HttpResponse:
    actor = actor_from(request)
    membership = access_member(actor, clinic_id, membership_id)
    try:
        staff_user_deactivate(actor=actor, clinic_id=clinic_id, membership_id=membership.pk)
    except ValidationError as error:
        form = MembershipForm(initial={"role": membership.role, "active": membership.active})
        return _page(
            request,
            "clinics/member.html",
            membership.clinic,
            "staff",
            form=form,
            membership=membership,
            deactivate_error=" ".join(error.messages),
        )
    messages.success(request, "Account deactivated: every session it held has ended.")
    return redirect("clinics:staff", clinic_id=clinic_id)
