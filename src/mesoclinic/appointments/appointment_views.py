"""One appointment: its facts, cancelling it or recording a no-show, moving it, and placing
a cancelled session again. Options come from the scheduler's repair search; later sessions
move only when the gap rules make them, and each option lists every move."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from mesoclinic.appointments.booking.forms import SlotsForm, slot_token
from mesoclinic.appointments.booking.options import SessionOption, session_options
from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import (
    appointment_cancel,
    appointment_check_in,
    appointment_move,
    appointment_replace,
)
from mesoclinic.appointments.forms import CancelForm
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.presenters import plan_names, plan_rows
from mesoclinic.appointments.selectors import access_appointment
from mesoclinic.appointments.services import BookingRefused, slot_of
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.portal.models import PatientAccount


def _shown(options: list[SessionOption], row: Appointment) -> list[dict[str, object]]:
    names = plan_names(row.clinic, *(option.appointments for option in options))
    return [
        {
            "summary": option.summary,
            "rows": plan_rows(option.appointments, names),
            "tokens": [slot_token(slot_of(a)) for a in option.appointments],
        }
        for option in options
    ]


def _page(
    request: HttpRequest,
    row: Appointment,
    *,
    cancel_form: CancelForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object] = {
        "appointment": row,
        "error": error,
        # A patient's account booked it from the portal: the desk sees that, not the
        # account's generated user name.
        "booked_online": PatientAccount.objects.filter(user_id=row.booked_by_id).exists(),
    }
    replaced = row.replaced_by.exists()
    if row.status == AppointmentStatus.BOOKED:
        context["cancel_form"] = cancel_form or CancelForm()
        context["may_check_in"] = to_wall(row.starts_at, row.clinic).date() == clinic_today(
            row.clinic
        )
        context |= {
            "options_title": "Move to another time",
            "options_action": reverse("appointments:move", args=[row.id]),
            "options_button": "Move here",
        }
    elif (
        row.status
        in (
            AppointmentStatus.CANCELLED_BY_PATIENT,
            AppointmentStatus.CANCELLED_BY_CLINIC,
            AppointmentStatus.NO_SHOW,
        )
        and not replaced
        and row.course.state in ("planned", "active")
    ):
        context |= {
            "options_title": f"Place session {row.number} again",
            "options_action": reverse("appointments:replace", args=[row.id]),
            "options_button": "Book this",
        }
    if "options_title" in context:
        options, why_none = session_options(row)
        context["options"] = _shown(options, row)
        context["no_options"] = why_none or "No free time within the session's window."
    return render(request, "appointments/detail.html", context, status=status)


@require_GET
def appointment_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _page(request, access_appointment(actor_from(request), appointment_id))


@require_POST
def appointment_cancel_view(request: HttpRequest, appointment_id: int) -> HttpResponse:
    actor = actor_from(request)
    row = access_appointment(actor, appointment_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            appointment_cancel(
                actor=actor,
                appointment_id=row.id,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, "Saved. The session can be placed again below.")
            return redirect("appointments:detail", appointment_id=row.id)
    return _page(request, row, cancel_form=form, status=422)


def _apply(request: HttpRequest, appointment_id: int, *, replace: bool) -> HttpResponse:
    actor = actor_from(request)
    row = access_appointment(actor, appointment_id)
    chosen = SlotsForm(request.POST)
    if not chosen.is_valid():
        return _page(request, row, error=str(chosen.errors["slots"][0]), status=422)
    write = appointment_replace if replace else appointment_move
    try:
        rows = write(actor=actor, appointment_id=row.id, slots=chosen.cleaned_data["slots"])
    except (BookingRefused, DomainError) as refused:
        row.refresh_from_db()
        return _page(request, row, error=refused.message, status=409)
    moved = len(rows) - 1
    messages.success(
        request,
        f"Session {rows[0].number} {'placed again' if replace else 'moved'}"
        + (f"; {moved} later session{'s' if moved != 1 else ''} moved with it." if moved else "."),
    )
    return redirect("appointments:detail", appointment_id=rows[0].id)


@require_POST
def appointment_check_in_view(request: HttpRequest, appointment_id: int) -> HttpResponse:
    actor = actor_from(request)
    row = access_appointment(actor, appointment_id)
    try:
        appointment_check_in(actor=actor, appointment_id=row.id)
    except DomainError as refused:
        return _page(request, row, error=refused.message, status=422)
    messages.success(request, "Checked in.")
    # Checked in from the day's list: back to the list, to check in the next patient.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("appointments:detail", appointment_id=row.id)


@require_POST
def appointment_move_view(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _apply(request, appointment_id, replace=False)


@require_POST
def appointment_replace_view(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _apply(request, appointment_id, replace=True)
