"""Her course's pages: the course, booking its sessions still to book, moving or cancelling
a booked one. Each reads her records through her ownership and writes through
`portal/booking/changes.py`; the page only passes on what she chose (a plan's or option's id, her
wishes), never a date or a time."""

import zoneinfo
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mesoclinic.appointments.booking.forms import PreferencesForm
from mesoclinic.appointments.booking.wishes import course_wishes, wishes_as_form_data
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import BookingRefused
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import owned_or_404, portal_actor, portal_read, portal_view
from mesoclinic.portal.booking.changes import (
    appointment_cancel_by_patient,
    appointment_move_by_patient,
    course_book_by_patient,
    her_course,
)
from mesoclinic.portal.booking.her_course import course_view
from mesoclinic.portal.booking.offers import shown
from mesoclinic.portal.booking.online import (
    call_the_clinic,
    limits_for,
    online_move_options,
    online_names,
    online_plans,
)
from mesoclinic.portal.booking.rules import may_change_online
from mesoclinic.portal.models import settings_for

# The wishes fields: a booking page opened without them shows the wishes stored.
WISH_FIELDS = {"weekdays", "part_of_day", "practitioner"}


def _render(
    request: HttpRequest, clinic: Clinic, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A portal page with its times in the clinic's zone (a patient has no staff zone)."""
    with timezone.override(zoneinfo.ZoneInfo(clinic.time_zone)):
        context = {"clinic": clinic, **context}
        return render(request, template, context, status=status)


@never_cache
@require_GET
@portal_view
def course_page(request: HttpRequest, course_id: int, patient: Patient) -> HttpResponse:
    course = her_course(patient, course_id)
    portal_read(request, f"portal course {course.id}")
    view = course_view(course, timezone.now())
    return _render(
        request,
        course.clinic,
        "portal/course/course.html",
        {"patient": patient, "view": view, "phone": call_the_clinic(course.clinic)},
    )


def _wishes_form(request: HttpRequest, course: Course, data: Any) -> PreferencesForm:
    limits = limits_for(course.clinic, timezone.now())
    if not WISH_FIELDS & set(data):
        data = wishes_as_form_data(course_wishes(course))  # as she or the desk last asked
        if data["practitioner"] and int(data["practitioner"]) not in limits.practitioners:
            data["practitioner"] = ""
    return PreferencesForm(data, practitioners=online_names(limits))


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def book_page(request: HttpRequest, course_id: int, patient: Patient) -> HttpResponse:
    course = her_course(patient, course_id)
    portal_read(request, f"portal course {course.id} booking")
    data: Any = request.POST if request.method == "POST" else request.GET
    form = _wishes_form(request, course, data)
    context: dict[str, Any] = {"patient": patient, "course": course, "form": form}
    if not form.is_valid():
        return _render(request, course.clinic, "portal/course/book.html", context, status=422)
    wishes = form.preferences()
    status = 200
    if request.method == "POST":
        try:
            rows = course_book_by_patient(
                actor=portal_actor(request),
                patient=patient,
                course_id=course.id,
                wishes=wishes,
                plan_id=request.POST.get("plan", ""),
            )
        except DomainError as refused:
            context["error"] = refused.message
            status = 409 if isinstance(refused, BookingRefused) and refused.taken else 422
        else:
            messages.success(request, _booked_message(rows))
            return redirect("portal:course", course_id=course.id)
    found = online_plans(course, wishes, timezone.now())
    context |= {
        "found": found,
        "plans": shown(found.plans, wishes=wishes),
        "phone": call_the_clinic(course.clinic),
    }
    # A search from the live form replaces the results only, never the form being filled.
    live = bool(getattr(request, "htmx", False))
    template = "portal/course/_plans.html" if live else "portal/course/book.html"
    return _render(request, course.clinic, template, context, status=status)


def _booked_message(rows: list[Appointment]) -> str:
    numbers = sorted(row.number for row in rows)
    which = f"Session {numbers[0]}" if len(numbers) == 1 else f"Sessions {numbers[0]}–{numbers[-1]}"
    return f"{which} booked. Each appointment is listed below."


def _her_booked(patient: Patient, appointment_id: int) -> Appointment:
    rows = Appointment.objects.select_related("clinic", "course", "practitioner")
    return owned_or_404(rows.filter(status=AppointmentStatus.BOOKED), patient, id=appointment_id)


def _closed_page(request: HttpRequest, patient: Patient, row: Appointment) -> HttpResponse | None:
    """The page telling her to call, once the window for online changes has closed."""
    hours = settings_for(row.clinic_id).cancel_hours_before
    if may_change_online(row.starts_at, timezone.now(), hours):
        return None
    context = {"patient": patient, "appointment": row, "hours": hours}
    context["phone"] = call_the_clinic(row.clinic)
    return _render(request, row.clinic, "portal/course/call.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def move_page(request: HttpRequest, appointment_id: int, patient: Patient) -> HttpResponse:
    row = _her_booked(patient, appointment_id)
    portal_read(request, f"portal appointment {row.id} move")
    if (closed := _closed_page(request, patient, row)) is not None:
        return closed
    context: dict[str, Any] = {"patient": patient, "appointment": row}
    status = 200
    if request.method == "POST":
        try:
            rows = appointment_move_by_patient(
                actor=portal_actor(request),
                patient=patient,
                appointment_id=row.id,
                option_id=request.POST.get("option", ""),
            )
        except DomainError as refused:
            context["error"] = refused.message
            status = 409 if isinstance(refused, BookingRefused) and refused.taken else 422
        else:
            moved = len(rows) - 1
            also = f" Session{'s' if moved > 1 else ''} after it moved too." if moved else ""
            messages.success(request, f"Session {row.number} moved.{also}")
            return redirect("portal:course", course_id=row.course_id)
    offers, why_none = online_move_options(row, timezone.now())
    context |= {"options": shown(offers, moving=True), "why_none": why_none}
    return _render(request, row.clinic, "portal/course/move.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def cancel_page(request: HttpRequest, appointment_id: int, patient: Patient) -> HttpResponse:
    row = _her_booked(patient, appointment_id)
    portal_read(request, f"portal appointment {row.id} cancel")
    if (closed := _closed_page(request, patient, row)) is not None:
        return closed
    context: dict[str, Any] = {"patient": patient, "appointment": row}
    if request.method == "POST":
        try:
            appointment_cancel_by_patient(
                actor=portal_actor(request), patient=patient, appointment_id=row.id
            )
        except DomainError as refused:
            context["error"] = refused.message
            return _render(request, row.clinic, "portal/course/cancel.html", context, status=422)
        messages.success(
            request,
            f"Session {row.number} cancelled. Your course page shows what is still to book.",
        )
        return redirect("portal:course", course_id=row.course_id)
    return _render(request, row.clinic, "portal/course/cancel.html", context)
