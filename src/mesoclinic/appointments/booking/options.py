"""Where a session can go instead: options to move a booked session, or to place again one
that was cancelled or missed. Each option lists every appointment that changes."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from mesoclinic.appointments.booking.plans import calendar_from_now, clinic_now
from mesoclinic.appointments.booking.wishes import course_wishes
from mesoclinic.appointments.calendar import scheduler_appointment
from mesoclinic.appointments.models import HOLDING, Appointment, AppointmentStatus
from mesoclinic.appointments.services import course_rules
from mesoclinic.courses.models import Course
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling.repair import ReplaceOption, replace_session

OPTIONS_SHOWN = 5


@dataclass(frozen=True)
class SessionOption:
    summary: str
    # The session itself first, then any later session of the course that moves with it.
    appointments: tuple[sched.Appointment, ...]


def session_options(
    row: Appointment,
    now: datetime | None = None,
    *,
    keep: Callable[[sched.Appointment], bool] | None = None,
) -> tuple[list[SessionOption], str]:
    """Up to five options, those keeping the patient's usual day, time and practitioner
    first, or none and why. Like the booking search, from `now` at the clinic (the clinic's
    clock unless given): today while today has times left. With `keep`, only options whose
    every appointment it keeps (the portal's limits on what a patient books online)."""
    now = now or clinic_now(row.course)
    course = row.course
    rules = course_rules(course)
    ideal = row.ideal_date or row.starts_at.date()
    others = [
        a
        for a in course.appointments.filter(status__in=HOLDING).exclude(id=row.id)
        if a.status == AppointmentStatus.BOOKED or a.number < row.number
    ]
    reach = timedelta(days=rules.tolerance_days + rules.cadence_days * 2)
    last = max([a.starts_at.date() for a in others] + [ideal]) + reach
    calendar = calendar_from_now(
        course.clinic, ideal - reach, last, now, leave_out=frozenset({row.id})
    )
    wishes = _wishes(course, row)
    sessions = [scheduler_appointment(a, course.clinic) for a in [*others, row]]
    replacement = replace_session(
        calendar,
        sessions,
        row.number,
        rules,
        wishes,
        not_before=now.date(),
        # Every free start of each day: the usual time may be far from the one cancelled.
        limit=OPTIONS_SHOWN * 40,
        last_held=course.last_session_on,
    )
    usual = _usual(sessions, course_wishes(course))
    found = [
        option
        for option in replacement.options
        if keep is None or all(map(keep, [option.session, *(m.after for m in option.moves)]))
    ]
    options = [
        SessionOption(
            _summary(option.session, len(option.moves)),
            (option.session, *(move.after for move in option.moves)),
        )
        for option in _ranked(tuple(found), usual)
    ]
    return options, replacement.why_none


def _wishes(course: Course, row: Appointment) -> sched.Preferences:
    """The patient's stored wishes; without a preferred practitioner, the one the session
    was booked with, so the options keep her where they can."""
    wishes = course_wishes(course)
    return replace(wishes, practitioner_id=wishes.practitioner_id or str(row.practitioner_id))


@dataclass(frozen=True)
class Usual:
    """When and with whom the patient usually comes: her course's most common weekday and
    start time, and the practitioner she asked for, or else the one she has most."""

    weekday: int
    start: time
    practitioner_id: str

    def misses(self, session: sched.Appointment) -> int:
        return (
            int(session.start.weekday() != self.weekday)
            + int(session.start.time() != self.start)
            + int(session.practitioner_id != self.practitioner_id)
        )


def _usual(sessions: list[sched.Appointment], wishes: sched.Preferences) -> Usual:
    def most(values: list[Any]) -> Any:
        counts = Counter(values)
        return max(counts, key=lambda v: (counts[v], -values.index(v)))

    practitioner = wishes.practitioner_id or most([a.practitioner_id for a in sessions])
    weekdays = [a.start.weekday() for a in sessions]
    return Usual(most(weekdays), most([a.start.time() for a in sessions]), practitioner)


def _ranked(options: tuple[ReplaceOption, ...], usual: Usual) -> list[ReplaceOption]:
    """The options keeping the patient's usual day, time and practitioner first, for the
    session and every session that moves with it, then fewest moves, then the repair
    search's order. One option a day per practitioner: the same day a quarter of an hour
    later is no other choice for the patient."""

    def key(item: tuple[int, ReplaceOption]) -> tuple[int, int, int]:
        order, option = item
        moved = [move.after for move in option.moves]
        return (sum(usual.misses(a) for a in [option.session, *moved]), len(moved), order)

    chosen: list[ReplaceOption] = []
    seen: set[tuple[date, str]] = set()
    for _, option in sorted(enumerate(options), key=key):
        day = (option.session.start.date(), option.session.practitioner_id)
        if day not in seen:
            seen.add(day)
            chosen.append(option)
    return chosen[:OPTIONS_SHOWN]


def _summary(session: sched.Appointment, moved: int) -> str:
    off = (session.start.date() - session.ideal).days if session.ideal else 0
    if off == 0:
        when = "On its ideal date"
    else:
        days = f"{abs(off)} day{'s' if abs(off) != 1 else ''}"
        when = f"{days} {'after' if off > 0 else 'before'} its ideal date"
    if not moved:
        return f"{when}; no other session moves."
    sessions = "1 later session moves" if moved == 1 else f"{moved} later sessions move"
    return f"{when}; {sessions} to keep the minimum gap."
