"""The plan search for a course's sessions still to book, as the booking page, the API and
the demo ask for it: from tomorrow (a same-day visit is arranged by moving an appointment,
with the patient on the phone), over the calendar of the course's windows only."""

from datetime import timedelta

from mesoclinic.appointments.calendar import load_calendar
from mesoclinic.appointments.services import booking_request
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course
from mesoclinic.scheduling.availability import PlanSearch, find_plans
from mesoclinic.scheduling.model import CourseRequest, Preferences

PLANS_SHOWN = 5


def request_from_tomorrow(course: Course, preferences: Preferences) -> CourseRequest | None:
    return booking_request(
        course, today=clinic_today(course.clinic) + timedelta(days=1), preferences=preferences
    )


def course_plans(course: Course, request: CourseRequest, *, limit: int = PLANS_SHOWN) -> PlanSearch:
    last = request.ideal_date(request.first_number + request.sessions - 1)
    tolerance = timedelta(days=request.rules.tolerance_days)
    calendar = load_calendar(course.clinic, request.first_ideal - tolerance, last + tolerance)
    return find_plans(calendar, request, limit=limit)


def search(course: Course, preferences: Preferences) -> PlanSearch | None:
    """The best plans, or None when every session is done or booked."""
    request = request_from_tomorrow(course, preferences)
    return course_plans(course, request) if request is not None else None
