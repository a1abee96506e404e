"""The referee: does a set of appointments keep every rule of the calendar?

Deliberately plain and independent of the search code (no slot index, no shared helpers
beyond the data types), so that a bug in the search cannot hide itself here. Each rule is
a short loop over the appointments; overlaps are found by sorting each resource's
appointments by start.

`check(calendar, appointments, rules)` checks `appointments` together with
`calendar.booked`; an appointment whose key (course, session number) is among
`appointments` replaces the booked one with that key, which is how a move is checked.
Problems among booked appointments alone are the calendar's history, not the proposal's,
so they are reported only with `include_booked=True`.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise

from mesoclinic.scheduling import text
from mesoclinic.scheduling.model import Appointment, Calendar, Clinic, GapRules, WeeklyHours


class ViolationKind(StrEnum):
    OVERLAP_PRACTITIONER = "overlap_practitioner"
    OVERLAP_ROOM = "overlap_room"
    OVERLAP_PATIENT = "overlap_patient"
    EMPTY_SPAN = "empty_span"
    OUTSIDE_HOURS = "outside_hours"
    CLINIC_CLOSED = "clinic_closed"
    OUTSIDE_SHIFT = "outside_shift"
    PRACTITIONER_OFF = "practitioner_off"
    ROOM_CLOSED = "room_closed"
    WRONG_CLINIC = "wrong_clinic"
    GAP_TOO_SHORT = "gap_too_short"
    OFF_WINDOW = "off_window"
    DUPLICATE_SESSION = "duplicate_session"
    UNKNOWN_RESOURCE = "unknown_resource"


@dataclass(frozen=True, slots=True)
class Violation:
    kind: ViolationKind
    appointments: tuple[Appointment, ...]
    message: str


Kind = ViolationKind


def check(
    calendar: Calendar,
    appointments: Sequence[Appointment],
    rules: Mapping[str, GapRules],
    *,
    include_booked: bool = False,
    last_held: Mapping[str, date] | None = None,
) -> list[Violation]:
    """Every rule broken by `appointments` (with the calendar's bookings); [] when none.
    `last_held` gives, per course, the day of its latest session already held: the
    minimum gap runs from it too, though it may not be on the calendar."""
    proposed_keys = {a.key() for a in appointments}
    everything = [b for b in calendar.booked if b.key() not in proposed_keys]
    everything.extend(appointments)
    proposed = set(appointments)

    found: list[Violation] = []
    found.extend(_duplicates(everything))
    valid: list[Appointment] = []
    for appointment in everything:
        problems = list(_resource_problems(calendar, appointment))
        found.extend(problems)
        if not any(p.kind in (Kind.EMPTY_SPAN, Kind.UNKNOWN_RESOURCE) for p in problems):
            valid.append(appointment)
    found.extend(_overlaps(calendar, valid, proposed))
    found.extend(_course_problems(everything, rules))
    found.extend(_gaps_after_held(appointments, rules, last_held or {}))
    if include_booked:
        return found
    return [v for v in found if any(a in proposed for a in v.appointments)]


def _duplicates(appointments: Iterable[Appointment]) -> Iterator[Violation]:
    by_key: dict[tuple[str, int], list[Appointment]] = defaultdict(list)
    for appointment in appointments:
        by_key[appointment.key()].append(appointment)
    for (course, number), same in by_key.items():
        if len(same) > 1:
            message = f"Session {number} of course {course} is booked {len(same)} times"
            yield Violation(Kind.DUPLICATE_SESSION, tuple(same), message)


def _resource_problems(calendar: Calendar, a: Appointment) -> Iterator[Violation]:
    # Messages are written only for the rare appointment that breaks a rule: formatting
    # them for every appointment would cost more than the checks themselves.
    if a.end <= a.start:
        message = f"{text.sentence(text.session(a))} ends before it starts"
        yield Violation(Kind.EMPTY_SPAN, (a,), message)
        return
    practitioner = calendar.practitioners.get(a.practitioner_id)
    room = calendar.rooms.get(a.room_id)
    clinic = calendar.clinics.get(room.clinic_id) if room else None
    if practitioner is None or room is None or clinic is None:
        missing = (
            f"practitioner {a.practitioner_id}"
            if practitioner is None
            else f"room {a.room_id}"
            if room is None
            else f"the clinic of room {a.room_id}"
        )
        message = f"{text.sentence(text.session(a))} names {missing}, not on the calendar"
        yield Violation(Kind.UNKNOWN_RESOURCE, (a,), message)
        return

    day = a.start.date()
    if practitioner.clinic_id != room.clinic_id:
        message = (
            f"{text.resource(practitioner)} does not work at {text.resource(clinic)}, "
            f"where {text.resource(room)} is"
        )
        yield Violation(Kind.WRONG_CLINIC, (a,), message)
    if day in clinic.closed_days:
        message = f"{text.resource(clinic)} is closed on {text.day(day)} ({text.session(a)})"
        yield Violation(Kind.CLINIC_CLOSED, (a,), message)
    elif not _inside(clinic.hours, a.start, a.end):
        message = (
            f"{text.sentence(text.session(a))} at {text.span(a.start, a.end)} is outside "
            f"{text.resource(clinic)}'s hours ({_hours(clinic.hours, a.start)})"
        )
        yield Violation(Kind.OUTSIDE_HOURS, (a,), message)
    if day in practitioner.days_off:
        message = f"{text.resource(practitioner)} is off on {text.day(day)} ({text.session(a)})"
        yield Violation(Kind.PRACTITIONER_OFF, (a,), message)
    elif not _inside(practitioner.shifts, a.start, a.end):
        message = (
            f"{text.resource(practitioner)} does not work {text.span(a.start, a.end)} "
            f"({_hours(practitioner.shifts, a.start)}); {text.session(a)}"
        )
        yield Violation(Kind.OUTSIDE_SHIFT, (a,), message)
    for away in practitioner.away:
        if a.span.overlaps(away):
            message = (
                f"{text.resource(practitioner)} is away {text.span(away.start, away.end)}; "
                f"{text.session(a)} is at {text.span(a.start, a.end)}"
            )
            yield Violation(Kind.PRACTITIONER_OFF, (a,), message)
    for closed in room.closed:
        if a.span.overlaps(closed):
            message = (
                f"{text.resource(room)} is closed {text.span(closed.start, closed.end)}; "
                f"{text.session(a)} is at {text.span(a.start, a.end)}"
            )
            yield Violation(Kind.ROOM_CLOSED, (a,), message)


def _inside(hours: WeeklyHours, start: datetime, end: datetime) -> bool:
    """The whole of start..end falls inside one interval of that weekday."""
    if end.date() != start.date():
        return False
    intervals = hours.get(start.weekday(), ())
    return any(opens <= start.time() and end.time() <= closes for opens, closes in intervals)


def _hours(hours: WeeklyHours, moment: datetime) -> str:
    intervals: tuple[tuple[time, time], ...] = hours.get(moment.weekday(), ())
    if not intervals:
        return f"none on {moment:%A}s"
    parts = [f"{o:%H:%M}{text.DASH}{c:%H:%M}" for o, c in intervals]
    return f"{moment:%A}s {text.listing(parts)}"


def _overlaps(
    calendar: Calendar, appointments: list[Appointment], proposed: set[Appointment]
) -> Iterator[Violation]:
    by_practitioner: dict[str, list[Appointment]] = defaultdict(list)
    by_room: dict[str, list[Appointment]] = defaultdict(list)
    by_patient: dict[str, list[Appointment]] = defaultdict(list)
    for a in appointments:
        by_practitioner[a.practitioner_id].append(a)
        by_room[a.room_id].append(a)
        by_patient[a.patient_id].append(a)

    for practitioner_id, items in by_practitioner.items():
        practitioner = calendar.practitioners[practitioner_id]
        clinic = calendar.clinics.get(practitioner.clinic_id)
        gap = _buffer(clinic)
        for held, other in _clashes(items, gap, proposed):
            message = _clash(text.resource(practitioner), held, other, gap)
            yield Violation(Kind.OVERLAP_PRACTITIONER, (held, other), message)
    for room_id, items in by_room.items():
        room = calendar.rooms[room_id]
        gap = _buffer(calendar.clinics[room.clinic_id])
        for held, other in _clashes(items, gap, proposed):
            message = _clash(text.resource(room), held, other, gap)
            yield Violation(Kind.OVERLAP_ROOM, (held, other), message)
    for patient_id, items in by_patient.items():
        for held, other in _clashes(items, timedelta(0), proposed):
            message = _clash(f"Patient {patient_id}", held, other, timedelta(0))
            yield Violation(Kind.OVERLAP_PATIENT, (held, other), message)


def _buffer(clinic: Clinic | None) -> timedelta:
    return timedelta(minutes=clinic.buffer_minutes if clinic else 0)


def _clashes(
    items: list[Appointment], gap: timedelta, proposed: set[Appointment]
) -> Iterator[tuple[Appointment, Appointment]]:
    """Every pair closer than `gap`, the already booked one first where there is one."""
    active: list[Appointment] = []
    for a in sorted(items, key=lambda x: (x.start, x.end)):
        # Sorted by start, so an earlier appointment can only clash with `a` if it has not
        # ended (plus the gap) by the time `a` starts.
        active = [b for b in active if b.end + gap > a.start]
        for b in active:
            yield (a, b) if b in proposed and a not in proposed else (b, a)
        active.append(a)


def _clash(subject: str, held: Appointment, other: Appointment, gap: timedelta) -> str:
    # Another patient's booking is not named: the desk needs to know the time is taken.
    whose = text.session(held) if held.patient_id == other.patient_id else "another patient"
    booked = f"{subject} is booked {text.span(held.start, held.end)} by {whose}"
    if held.span.overlaps(other.span):
        return f"{booked}; {text.session(other)} at {text.span(other.start, other.end)} overlaps it"
    minutes = int(gap.total_seconds() // 60)
    return (
        f"{booked}; {text.session(other)} at {text.span(other.start, other.end)} leaves less "
        f"than the {minutes}-minute buffer between them"
    )


def _gaps_after_held(
    appointments: Iterable[Appointment], rules: Mapping[str, GapRules], held: Mapping[str, date]
) -> Iterator[Violation]:
    for a in appointments:
        if a.course_id not in rules or a.course_id not in held:
            continue
        least = max(rules[a.course_id].min_gap_days, 1)
        days = (a.start.date() - held[a.course_id]).days
        if days < least:
            message = (
                f"{text.sentence(text.session(a))} on {text.day(a.start.date())} is {days} days "
                f"after the session held on {text.day(held[a.course_id])}; it must be at least "
                f"{least} days after it"
            )
            yield Violation(Kind.GAP_TOO_SHORT, (a,), message)


def _course_problems(
    appointments: Iterable[Appointment], rules: Mapping[str, GapRules]
) -> Iterator[Violation]:
    by_course: dict[str, list[Appointment]] = defaultdict(list)
    for a in appointments:
        if a.course_id in rules:
            by_course[a.course_id].append(a)
    for course_id, sessions in by_course.items():
        rule = rules[course_id]
        sessions.sort(key=lambda a: a.number)
        for earlier, later in pairwise(sessions):
            if earlier.number == later.number:
                continue  # reported as a duplicate
            days = (later.start.date() - earlier.start.date()).days
            if days < max(rule.min_gap_days, 1):
                message = (
                    f"Sessions {earlier.number} and {later.number} of course {course_id} are "
                    f"{days} days apart ({text.day(earlier.start.date())} and "
                    f"{text.day(later.start.date())}); they must be at least "
                    f"{max(rule.min_gap_days, 1)} days apart, in order"
                )
                yield Violation(Kind.GAP_TOO_SHORT, (earlier, later), message)
        for a in sessions:
            if a.ideal is None:
                continue
            off = (a.start.date() - a.ideal).days
            if abs(off) > rule.tolerance_days:
                message = (
                    f"Session {a.number} of course {course_id} is on {text.day(a.start.date())}, "
                    f"{abs(off)} days from its ideal date {text.day(a.ideal)}; the course "
                    f"allows {rule.tolerance_days} either side"
                )
                yield Violation(Kind.OFF_WINDOW, (a,), message)
