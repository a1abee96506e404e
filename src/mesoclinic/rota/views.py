"""Rota pages: the clinic's week for everyone who works there, shifts and room closures for
its admins, absences for admins, front desk and (their own) practitioners. Pages read
through the selectors and change things only through the services, by POST."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mesoclinic.access import Capability, access_clinic, capabilities_at
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.forms import kept_rows
from mesoclinic.clinics.models import Clinic
from mesoclinic.pages.clinic_choice import clinic_choice
from mesoclinic.pages.form_errors import apply_errors
from mesoclinic.rota.forms import AbsenceForm, RoomClosureForm, ShiftFormSet
from mesoclinic.rota.members import rota_member_or_404
from mesoclinic.rota.selectors import (
    absence_candidates,
    access_rota,
    access_shifts,
    rota_clinics,
    shifts_page,
)
from mesoclinic.rota.services import (
    ShiftsError,
    ShiftSpan,
    absence_cancel,
    absence_record,
    room_closure_add,
    room_closure_remove,
    shifts_set,
)


def _page(
    request: HttpRequest, template: str, clinic: Clinic, section: str, **context: Any
) -> HttpResponse:
    may_set_up = Capability.SETUP in capabilities_at(actor_from(request), clinic.id)
    return render(
        request,
        template,
        {"clinic": clinic, "section": section, "may_set_up": may_set_up, **context},
    )


@require_GET
def rota_index(request: HttpRequest) -> HttpResponse:
    clinics = rota_clinics(actor_from(request))
    return clinic_choice(request, clinics, page="rota:overview", template="rota/index.html")


@require_GET
def overview(request: HttpRequest, clinic_id: int) -> HttpResponse:
    rota = access_rota(actor_from(request), clinic_id)
    return _page(request, "rota/overview.html", rota.clinic, "week", rota=rota)


@require_http_methods(["GET", "POST"])
def shifts(request: HttpRequest, clinic_id: int, practitioner_id: int) -> HttpResponse:
    actor = actor_from(request)
    if request.method == "POST":
        # The access check only: the service's own audit row records the write.
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        page = shifts_page(clinic, rota_member_or_404(clinic, practitioner_id))
        formset = ShiftFormSet(request.POST)
        if formset.is_valid():
            kept = [(form, ShiftSpan(*form.values())) for form in kept_rows(formset)]
            try:
                shifts_set(
                    actor=actor,
                    clinic_id=page.clinic.id,
                    practitioner_id=page.member.pk,
                    spans=[span for _, span in kept],
                )
            except ShiftsError as error:
                for problem in error.problems:
                    kept[problem.index][0].add_error(problem.field, problem.message)
            else:
                messages.success(request, f"Shifts of {page.name} saved.")
                return redirect("rota:overview", clinic_id=page.clinic.id)
    else:
        page = access_shifts(actor, clinic_id, practitioner_id)
        formset = ShiftFormSet(
            initial=[
                {"weekday": shift.weekday, "starts": shift.starts, "ends": shift.ends}
                for shift in page.shifts
            ]
        )
    return _page(request, "rota/shifts.html", page.clinic, "week", formset=formset, page=page)


@require_http_methods(["GET", "POST"])
def absence_new(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic, people = absence_candidates(actor, clinic_id)
    if not people:
        raise Http404("No such page.")
    form = AbsenceForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            absence = absence_record(
                actor=actor,
                clinic_id=clinic.id,
                practitioner_id=form.cleaned_data["practitioner"],
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(
                request, "Absence recorded. Below: the bookings on those days, and where they go."
            )
            return redirect("appointments:absence_repair", absence_id=absence.id)
    return _page(request, "rota/absence_new.html", clinic, "absence", form=form)


@require_POST
def absence_cancel_view(request: HttpRequest, clinic_id: int, absence_id: int) -> HttpResponse:
    try:
        absence_cancel(actor=actor_from(request), clinic_id=clinic_id, absence_id=absence_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Absence cancelled: those days are working days again.")
    return redirect("rota:overview", clinic_id=clinic_id)


@require_http_methods(["GET", "POST"])
def room_closure_new(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    form = RoomClosureForm(request.POST or None, rooms=list(clinic.rooms.filter(active=True)))
    if request.method == "POST" and form.is_valid():
        try:
            room_closure_add(
                actor=actor,
                clinic_id=clinic.id,
                room_id=form.cleaned_data["room"],
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Room closure added.")
            return redirect("rota:overview", clinic_id=clinic.id)
    return _page(request, "rota/room_closure_new.html", clinic, "room_closure", form=form)


@require_POST
def room_closure_remove_view(request: HttpRequest, clinic_id: int, closure_id: int) -> HttpResponse:
    room_closure_remove(actor=actor_from(request), clinic_id=clinic_id, closure_id=closure_id)
    messages.success(request, "Room closure removed: the room is usable on those days again.")
    return redirect("rota:overview", clinic_id=clinic_id)
