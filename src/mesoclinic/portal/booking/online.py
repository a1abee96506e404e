"""What she may book or move to online: the desk's own plan search and move options, seen
through her clinic's portal settings (online booking on, the practitioners it allows online,
how far ahead, whether staff book a first session).

A plan or option is named by an id derived from its times alone. She sends back that id
with the wishes it was found with; the server searches again and books the plan only if it
is still among those found, so every date and time booked is the server's own.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User

from mesoclinic.appointments.booking.forms import slot_token
from mesoclinic.appointments.booking.options import session_options
from mesoclinic.appointments.booking.plans import calendar_from_now, request_from, search_window
from mesoclinic.appointments.calendar import practitioner_ids, to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import slot_of
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.portal.booking.rules import (
    first_session_waits_for_staff,
    last_bookable_day,
    sessions_within_reach,
)
from mesoclinic.portal.models import PortalSettings, settings_for
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling.availability import find_plans

PLANS_SHOWN = 5


def call_the_clinic(clinic: Clinic) -> str:
    """The words that send her to the phone, with the number when the clinic has one."""
    return f"call the clinic on {clinic.phone_shown}" if clinic.phone else "call the clinic"


@dataclass(frozen=True)
class Limits:
    """Her clinic's online limits, as of one moment."""

    settings: PortalSettings
    practitioners: frozenset[int]  # allowed online and bookable at the clinic
    last_day: date

    def keeps(self, placed: sched.Appointment) -> bool:
        return (
            int(placed.practitioner_id) in self.practitioners
            and placed.start.date() <= self.last_day
        )


def limits_for(clinic: Clinic, now: datetime) -> Limits:
    """The limits as of the instant `now`."""
    settings = settings_for(clinic.id)
    allowed: set[int] = set()
    if settings.pk is not None:
        allowed = set(settings.online_practitioners.values_list("id", flat=True))
    bookable = allowed & set(practitioner_ids(clinic))
    last_day = last_bookable_day(to_wall(now, clinic).date(), settings.book_days_ahead)
    return Limits(settings, frozenset(bookable), last_day)


def online_names(limits: Limits) -> list[tuple[int, str]]:
    """The practitioners she may choose, by first name as patients know them."""
    users = User.objects.filter(id__in=limits.practitioners).order_by("first_name", "id")
    return [(user.id, first_name(user)) for user in users]


def first_name(user: User) -> str:
    return user.first_name or user.get_full_name() or "your practitioner"


def offer_id(placed: Sequence[sched.Appointment]) -> str:
    """A plan's or option's name: a digest of who and when for each session, so the same
    times found again have the same id, and any other times another."""
    tokens = "\n".join(slot_token(slot_of(a)) for a in placed)
    return hashlib.sha256(tokens.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Offer:
    id: str
    summary: str
    appointments: tuple[sched.Appointment, ...]


@dataclass(frozen=True)
class OnlineSearch:
    """The plans she may book, or why she may not book online. `later` names the sessions
    still to book beyond the days the clinic books online: booked later, or by the desk."""

    plans: tuple[Offer, ...] = ()
    refused: str = ""
    unplaceable: tuple[int, ...] = ()  # sessions with no free time online
    wish_unmet: str = ""
    numbers: tuple[int, ...] = ()
    later: tuple[int, ...] = ()


def refusal(course: Course, limits: Limits) -> str:
    """Why she may not book this course online at all, or nothing."""
    phone = call_the_clinic(course.clinic)
    if not course.is_open:
        return "This course is closed: its sessions are no longer booked."
    if not limits.settings.online_booking or not limits.practitioners:
        return f"Your clinic does not take bookings online: to book, please {phone}."
    return ""


def online_plans(course: Course, wishes: sched.Preferences, now: datetime) -> OnlineSearch:
    """The best plans for her sessions still to book within the clinic's online limits,
    searched as the desk searches, as of the instant `now`."""
    limits = limits_for(course.clinic, now)
    now = to_wall(now, course.clinic)
    if why := refusal(course, limits):
        return OnlineSearch(refused=why)
    request = request_from(course, wishes, now)
    if request is None:
        return OnlineSearch()
    if first_session_waits_for_staff(limits.settings.first_session_by_staff, request.first_number):
        return OnlineSearch(
            refused="Your first session is booked by the clinic, as a consultation comes "
            f"first: please {call_the_clinic(course.clinic)}. You can book the rest of your "
            "course here afterwards.",
            numbers=tuple(request.numbers()),
        )
    tolerance = timedelta(days=request.rules.tolerance_days)
    reach = sessions_within_reach(
        [request.ideal_date(n) + tolerance for n in request.numbers()], limits.last_day
    )
    later = tuple(request.numbers())[reach:]
    if reach == 0:
        last = limits.last_day
        return OnlineSearch(
            refused=f"Your next session is further ahead than the clinic books online "
            f"(up to {last.day} {last:%B %Y}): book it here nearer the time, or please "
            f"{call_the_clinic(course.clinic)}.",
            later=later,
        )
    request = replace(request, sessions=reach)
    first_day, last_day = search_window(request)
    calendar = calendar_from_now(course.clinic, first_day, last_day, now)
    online = {k: p for k, p in calendar.practitioners.items() if int(k) in limits.practitioners}
    found = find_plans(replace(calendar, practitioners=online), request, limit=PLANS_SHOWN)
    plans = tuple(
        Offer(offer_id(plan.appointments), plan.score.summary, plan.appointments)
        for plan in found.plans
    )
    return OnlineSearch(
        plans=plans,
        # The search's own reasons name staff and their absences: not hers to read.
        unplaceable=tuple(u.number for u in found.unplaceable),
        wish_unmet=found.wish_unmet,
        numbers=tuple(request.numbers()),
        later=later,
    )


def online_move_options(row: Appointment, now: datetime) -> tuple[list[Offer], str]:
    """Where she may move a booked session: the desk's options that keep the course's
    rules, with the online practitioners and within reach only; or none and why."""
    limits = limits_for(row.clinic, now)
    now = to_wall(now, row.clinic)
    if first_session_waits_for_staff(limits.settings.first_session_by_staff, row.number):
        return [], (
            "Your first session is arranged by the clinic: to move it, please "
            f"{call_the_clinic(row.clinic)}."
        )
    if not limits.settings.online_booking or not limits.practitioners:
        return (
            [],
            f"Your clinic does not take changes online: please {call_the_clinic(row.clinic)}.",
        )
    # The repair search's own reason names staff and their absences: not hers to read.
    options, _why = session_options(row, now, keep=limits.keeps)
    offers = [
        Offer(offer_id(option.appointments), option.summary, option.appointments)
        for option in options
    ]
    none = (
        "No other time within this session's window is free with the practitioners the "
        f"clinic books online: please {call_the_clinic(row.clinic)}."
    )
    return offers, "" if offers else none
