"""The desk's waitlist: the clinic's sessions waiting for an earlier time, the times freed
with their candidates and offers, putting a session on the waitlist, taking one off, and
choosing whom to offer a time. Every role of the clinic; another clinic's staff get 404."""

from django.contrib import messages as notices
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mesoclinic.access import access_clinics
from mesoclinic.appointments.calendar import practitioner_ids, to_wall
from mesoclinic.appointments.selectors import SCHEDULE
from mesoclinic.audit.actor import actor_from
from mesoclinic.domain.errors import DomainError
from mesoclinic.pages.clinic_choice import clinic_choice
from mesoclinic.portal.models import WaitlistOrder, settings_for
from mesoclinic.rota.members import rota_memberships
from mesoclinic.waitlist.forms import WishesForm, name_of
from mesoclinic.waitlist.offers import offer_choose
from mesoclinic.waitlist.selectors import (
    access_entry,
    access_opening,
    desk_appointment,
    waitlist_board,
)
from mesoclinic.waitlist.services import waitlist_entry_create, waitlist_entry_withdraw


@never_cache
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    clinics = access_clinics(actor_from(request), SCHEDULE).order_by("name")
    return clinic_choice(
        request, clinics, page="waitlist:board", template="waitlist/choose_clinic.html"
    )


@never_cache
@require_GET
def board(request: HttpRequest, clinic_id: int) -> HttpResponse:
    found = waitlist_board(actor_from(request), clinic_id)
    desk_chooses = settings_for(found.clinic.id).waitlist_order == WaitlistOrder.DESK_CHOOSES
    return render(request, "waitlist/board.html", {"board": found, "desk_chooses": desk_chooses})


@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    actor = actor_from(request)
    raw = request.GET.get("appointment", "")
    row = desk_appointment(actor, int(raw) if raw.isdigit() else 0)
    bookable = set(practitioner_ids(row.clinic))
    choices = [
        (m.user_id, name_of(m.user)) for m in rota_memberships(row.clinic) if m.user_id in bookable
    ]
    form = WishesForm(request.POST if request.method == "POST" else None, practitioners=choices)
    if request.method == "POST" and form.is_valid():
        try:
            waitlist_entry_create(actor=actor, appointment_id=row.id, wishes=form.wishes())
        except DomainError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            notices.success(request, "The session is on the waitlist.")
            return redirect("waitlist:board", clinic_id=row.clinic_id)
    return render(
        request,
        "waitlist/desk_new.html",
        {"appointment": row, "when": to_wall(row.starts_at, row.clinic), "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
def withdraw(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic_id = access_entry(actor, entry_id).clinic_id
    try:
        waitlist_entry_withdraw(actor=actor, entry_id=entry_id)
    except DomainError as refused:
        notices.error(request, refused.message)
    else:
        notices.success(request, "The session is off the waitlist; it keeps its time.")
    return redirect("waitlist:board", clinic_id=clinic_id)


@require_POST
def offer(request: HttpRequest, opening_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic_id = access_opening(actor, opening_id).clinic_id
    raw = request.POST.get("entry", "")
    try:
        made = offer_choose(
            actor=actor, opening_id=opening_id, entry_id=int(raw) if raw.isdigit() else 0
        )
    except DomainError as refused:
        notices.error(request, refused.message)
    else:
        notices.success(
            request, f"Offered by email to {made.patient.given_name} {made.patient.family_name}."
        )
    return redirect("waitlist:board", clinic_id=clinic_id)
