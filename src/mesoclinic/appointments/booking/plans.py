"""The plan search for a course's sessions still to book, as the booking page, the API and
the demo ask for it: from now at the clinic, so the first date searched is today while
today has times left, the same first date the course shows, over the calendar of the
course's windows only. The clock is passed in, so a search can be asked as of any time.
The options to move or place again one session search from now the same way, through
`calendar_from_now`."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from mesoclinic.appointments.calendar import load_calendar, to_wall
from mesoclinic.appointments.services import booking_request
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.scheduling.availability import PlanSearch, find_plans
from mesoclinic.scheduling.model import Calendar, CourseRequest, Preferences, Span

PLANS_SHOWN = 5


def clinic_now(course: Course) -> datetime:
    """Now on the clinic's wall clock."""
    return to_wall(timezone.now(), course.clinic)


def request_from(course: Course, preferences: Preferences, now: datetime) -> CourseRequest | None:
    """The search for the sessions still to book, none before `now` (clinic wall clock)."""
    return booking_request(course, today=now.date(), preferences=preferences)


def course_plans(
    course: Course, request: CourseRequest, now: datetime, *, limit: int = PLANS_SHOWN
) -> PlanSearch:
    return clinic_plans(course.clinic, request, now, limit=limit)


def clinic_plans(
    clinic: Clinic, request: CourseRequest, now: datetime, *, limit: int = PLANS_SHOWN
) -> PlanSearch:
    """The search over the clinic's calendar of the request's windows only, read from the
    database as of `now`: what every availability question costs end to end."""
    first_day, last_day = search_window(request)
    calendar = calendar_from_now(clinic, first_day, last_day, now)
    return find_plans(calendar, request, limit=limit)


def search_window(request: CourseRequest) -> tuple[date, date]:
    """The days the request's sessions may fall on: the calendar read is these days only."""
    last = request.ideal_date(request.first_number + request.sessions - 1)
    tolerance = timedelta(days=request.rules.tolerance_days)
    return request.first_ideal - tolerance, last + tolerance


def calendar_from_now(
    clinic: Clinic,
    first_day: date,
    last_day: date,
    now: datetime,
    *,
    leave_out: frozenset[int] = frozenset(),
) -> Calendar:
    """The clinic's calendar for the days given, as of `now` (clinic wall clock): the
    hours of today already gone are taken from everyone, so that today is searched for
    the times it has left. A search over it starts on `now`'s date, never before."""
    calendar = load_calendar(clinic, first_day, last_day, leave_out=leave_out)
    gone = Span(datetime.combine(now.date(), time()), now)
    staff = {key: replace(p, away=(*p.away, gone)) for key, p in calendar.practitioners.items()}
    return replace(calendar, practitioners=staff)


def search(course: Course, preferences: Preferences, now: datetime) -> PlanSearch | None:
    """The best plans, or None when every session is done or booked."""
    request = request_from(course, preferences, now)
    return course_plans(course, request, now) if request is not None else None
