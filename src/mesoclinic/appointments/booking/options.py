"""Where a session can go instead: options to move a booked session, or to place again one
that was cancelled or missed. Each option lists every appointment that changes."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from mesoclinic.appointments.booking.wishes import course_wishes
from mesoclinic.appointments.calendar import load_calendar, scheduler_appointment
from mesoclinic.appointments.models import HOLDING, Appointment, AppointmentStatus
from mesoclinic.appointments.services import course_rules
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling.repair import ReplaceOption, replace_session

OPTIONS_SHOWN = 5


@dataclass(frozen=True)
class SessionOption:
    summary: str
    # The session itself first, then any later session of the course that moves with it.
    appointments: tuple[sched.Appointment, ...]


def session_options(row: Appointment) -> tuple[list[SessionOption], str]:
    """Up to five options, fewest moves first, or none and why."""
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
    calendar = load_calendar(course.clinic, ideal - reach, last, leave_out=frozenset({row.id}))
    replacement = replace_session(
        calendar,
        [scheduler_appointment(a, course.clinic) for a in [*others, row]],
        row.number,
        rules,
        _wishes(course, row),
        not_before=clinic_today(course.clinic) + timedelta(days=1),
        limit=OPTIONS_SHOWN * 4,
        per_day=2,
        last_held=course.last_session_on,
    )
    options = [
        SessionOption(
            _summary(option.session, len(option.moves)),
            (option.session, *(move.after for move in option.moves)),
        )
        for option in _varied(replacement.options)
    ]
    return options, replacement.why_none


def _wishes(course: Course, row: Appointment) -> sched.Preferences:
    """The patient's stored wishes; without a preferred practitioner, the one the session
    was booked with, so the options keep her where they can."""
    wishes = course_wishes(course)
    return replace(wishes, practitioner_id=wishes.practitioner_id or str(row.practitioner_id))


def _varied(options: tuple[ReplaceOption, ...]) -> list[ReplaceOption]:
    """The best option of each day first, so the desk can offer the patient other days,
    then the next best, keeping the repair search's order within each round."""
    chosen: list[ReplaceOption] = []
    seen: set[date] = set()
    for option in options:
        if option.session.start.date() not in seen:
            seen.add(option.session.start.date())
            chosen.append(option)
    chosen += [option for option in options if option not in chosen]
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
