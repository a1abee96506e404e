"""Booking a course: the desk states the patient's wishes, sees the best complete plans
with what each gives up, and books one, all sessions or none. If another desk took a time
meanwhile, nothing is booked and fresh plans are shown with the reason."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mesoclinic.appointments.booking.forms import PreferencesForm, SlotsForm, slot_token
from mesoclinic.appointments.booking.plans import clinic_now, course_plans, request_from
from mesoclinic.appointments.booking.wishes import course_wishes, wishes_as_form_data
from mesoclinic.appointments.calendar import practitioner_ids
from mesoclinic.appointments.presenters import plan_names, plan_rows, staff_names
from mesoclinic.appointments.selectors import access_booking_course, course_appointments
from mesoclinic.appointments.services import (
    BookingRefused,
    course_book,
    sessions_to_place_again,
    slot_of,
)
from mesoclinic.audit.actor import actor_from
from mesoclinic.courses.models import OPEN_STATES, Course
from mesoclinic.scheduling.availability import PlanSearch
from mesoclinic.scheduling.model import CourseRequest

# The booking form's fields: a page opened without any shows the stored wishes.
WISH_FIELDS = {"weekdays", "part_of_day", "practitioner", "search"}


def practitioner_choices(course: Course) -> list[tuple[int, str]]:
    names = staff_names(practitioner_ids(course.clinic))
    return sorted(names.items(), key=lambda item: item[1])


def _page(
    request: HttpRequest,
    course: Course,
    form: PreferencesForm,
    found: PlanSearch | None,
    *,
    wanted: CourseRequest | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    plans = []
    if found is not None:
        names = plan_names(course.clinic, *(plan.appointments for plan in found.plans))
        plans = [
            {
                "summary": plan.score.summary,
                "rows": plan_rows(plan.appointments, names),
                "tokens": [slot_token(slot_of(a)) for a in plan.appointments],
            }
            for plan in found.plans
        ]
    context = {
        "course": course,
        "form": form,
        "searched": found is not None,
        "plans": plans,
        "unplaceable": found.unplaceable if found is not None else (),
        "wish_unmet": found.wish_unmet if found is not None else "",
        "appointments": course_appointments(course),
        "to_book": wanted if course.state in OPEN_STATES else None,
        "to_place_again": sessions_to_place_again(course) if course.state in OPEN_STATES else [],
        "error": error,
    }
    return render(request, "appointments/booking.html", context, status=status)


@require_http_methods(["GET", "POST"])
def course_booking(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_booking_course(actor, course_id)
    choices = practitioner_choices(course)
    data: Any = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not WISH_FIELDS & set(data):
        data = wishes_as_form_data(course_wishes(course))  # as the patient last asked
    form = PreferencesForm(data, practitioners=choices)
    if not form.is_valid():
        return _page(request, course, form, None, status=422)
    now = clinic_now(course)
    wanted = request_from(course, form.preferences(), now)
    if request.method == "GET":
        found = course_plans(course, wanted, now) if wanted and "search" in request.GET else None
        return _page(request, course, form, found, wanted=wanted)
    chosen = SlotsForm(request.POST)
    if not chosen.is_valid():
        return _page(
            request,
            course,
            form,
            course_plans(course, wanted, now) if wanted else None,
            wanted=wanted,
            error=str(chosen.errors["slots"][0]),
        )
    try:
        rows = course_book(
            actor=actor,
            course_id=course.id,
            slots=chosen.cleaned_data["slots"],
            wishes=form.preferences(),
        )
    except BookingRefused as refused:
        course.refresh_from_db()
        wanted = request_from(course, form.preferences(), now)
        return _page(
            request,
            course,
            form,
            course_plans(course, wanted, now) if wanted else None,
            wanted=wanted,
            error=refused.message,
            status=409,
        )
    first: date = rows[0].starts_at.date()
    messages.success(
        request,
        f"Booked {len(rows)} session{'s' if len(rows) != 1 else ''} from "
        f"{first:%a %-d %B}. The patient can be sent the course's calendar file.",
    )
    return redirect("appointments:course", course_id=course.id)
