"""The pages a reminder's links open, and the portal's Confirm button.

The links need no sign-in: the link is the patient's proof for the one appointment it
names. Both first show the appointment and act only on her button's POST: mail scanners
open links, and a GET that confirmed would tell the clinic she is coming when she never
said so; one that cancelled would free her time without her knowing.
"""

from django.contrib import messages as notices
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import portal_actor, portal_view
from mesoclinic.portal.booking.changes import call_the_clinic, window_closed_message
from mesoclinic.portal.link_pages import link_refused_response
from mesoclinic.portal.links import LinkRefused
from mesoclinic.portal.models import LinkPurpose, settings_for
from mesoclinic.portal.reminders.confirm import (
    appointment_confirm_by_patient,
    cancel_by_link,
    cancel_link_appointment,
    confirm_by_link,
    confirm_link_appointment,
    too_late_to_cancel,
)


def _when(row: Appointment) -> str:
    """The appointment's time as the clinic's wall clock says it, as the email did."""
    return dateformat.format(to_wall(row.starts_at, row.clinic), "l j F Y \\a\\t H:i")


def _page(
    request: HttpRequest, template: str, row: Appointment, status: int = 200, **extra: object
) -> HttpResponse:
    context = {"clinic": row.clinic, "when": _when(row), **extra}
    return render(request, template, context, status=status)


def _too_late(request: HttpRequest, row: Appointment) -> HttpResponse:
    hours = settings_for(row.clinic_id).cancel_hours_before
    return _page(
        request,
        "portal/link_too_late.html",
        row,
        message=window_closed_message(row.clinic, hours),
        status=409,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link_confirm(request: HttpRequest, secret: str) -> HttpResponse:
    ip = request.META.get("REMOTE_ADDR")
    try:
        if request.method == "POST":
            row = confirm_by_link(secret=secret, ip=ip)
            return _page(request, "portal/link_confirmed.html", row)
        row = confirm_link_appointment(secret=secret, ip=ip)
    except LinkRefused as refused:
        return link_refused_response(
            request, refused, purpose=LinkPurpose.CONFIRM_APPOINTMENT, secret=secret
        )
    return _page(request, "portal/link_confirm.html", row, confirmed=row.confirmed_at is not None)


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link_cancel(request: HttpRequest, secret: str) -> HttpResponse:
    ip = request.META.get("REMOTE_ADDR")
    try:
        if request.method == "POST":
            row = cancel_by_link(secret=secret, ip=ip)
            return _page(
                request, "portal/link_cancelled.html", row, call=call_the_clinic(row.clinic)
            )
        row = cancel_link_appointment(secret=secret, ip=ip)
    except LinkRefused as refused:
        late = too_late_to_cancel(secret=secret, ip=ip) if refused.reason == "expired" else None
        if late is not None:
            return _too_late(request, late)
        return link_refused_response(
            request, refused, purpose=LinkPurpose.CANCEL_APPOINTMENT, secret=secret
        )
    except DomainError:
        # The window closed between the page and her click: the link is kept unspent.
        late = too_late_to_cancel(secret=secret, ip=ip)
        if late is None:
            raise
        return _too_late(request, late)
    return _page(request, "portal/link_cancel.html", row)


@require_POST
@portal_view
def confirm(request: HttpRequest, appointment_id: int, patient: Patient) -> HttpResponse:
    """Her Confirm button on a booked appointment in the portal."""
    try:
        row = appointment_confirm_by_patient(
            actor=portal_actor(request), patient=patient, appointment_id=appointment_id
        )
    except DomainError as refused:
        notices.error(request, refused.message)
    else:
        notices.success(request, f"Thank you: your appointment on {_when(row)} is confirmed.")
    back = request.POST.get("next", "")
    if back.startswith("/portal/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("portal:home")
