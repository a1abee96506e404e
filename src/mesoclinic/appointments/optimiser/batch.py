"""The batch optimiser for one clinic: propose a placement of every open course's sessions
still to book, compare it with the greedy baseline and the bounds, and apply it.

Proposing writes nothing but its audit row, and offers only what the independent checker
passes; `apply` books it.
"""

import time as clock
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db import transaction

from mesoclinic.access import Capability, access_clinic
from mesoclinic.appointments.booking.wishes import NONE, wishes_by_course
from mesoclinic.appointments.calendar import load_calendar, to_utc, to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import (
    Slot,
    booking_request,
    course_rules,
    held_dates,
    slot_of,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import OPEN_STATES, Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.plausible import date_problem
from mesoclinic.patients.models import RecordStatus
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling.bounds import Bounds, bounds
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.optimiser import optimise
from mesoclinic.scheduling.schedule import Horizon, Measures, ProgressEvent, Unplaced, measure

# Limits on the work asked of the server, not clinical numbers: a longer horizon or search
# is better run again later, when more of the calendar is known.
MAX_WEEKS = 26
MAX_SECONDS = 600.0
# Bookings this far either side of the horizon are read too: the gap rules tie a session
# to its course's neighbours, which may sit just outside it.
MARGIN = timedelta(days=28)


class FailedCheck(Exception):
    """The independent checker found the proposal breaking the calendar's rules: it is
    never shown or applied, and the run says why."""

    HEADLINE = "The proposal failed the independent check and is not offered:"

    def __init__(self, violations: list[str]) -> None:
        super().__init__("; ".join(violations))
        self.violations = violations

    def summary(self, most: int) -> str:
        """As many violations as fit in `most` characters, and how many more there are."""
        text = self.HEADLINE
        for n, violation in enumerate(self.violations):
            rest = len(self.violations) - n - 1
            more = f" (and {rest} more)" if rest else ""
            if len(text) + len(violation) + len(more) + 2 > most:
                return f"{text} (and {rest + 1} more)"[:most]
            text += f" {violation}."
        return text


@dataclass(frozen=True)
class Progress:
    phase: str  # "search" while the optimiser runs, then "bounds", then "done"
    elapsed: float
    objective: float
    bound: float
    placed: int  # sessions the search has placed so far
    total: int  # sessions it is asked to place (new ones and, when movable, booked ones)


@dataclass(frozen=True)
class Move:
    appointment_id: int
    was: datetime  # where it sits now, wall clock: a change meanwhile refuses the move
    slot: Slot


@dataclass(frozen=True)
class CourseProposal:
    course_id: int
    patient_id: int
    slots: tuple[Slot, ...]  # new sessions
    moves: tuple[Move, ...] = ()


@dataclass(frozen=True)
class Proposal:
    clinic_id: int
    first_day: date
    last_day: date
    time_limit: float
    movable: bool
    courses: tuple[CourseProposal, ...]
    unplaced: tuple[Unplaced, ...]
    optimiser: Measures  # over the new sessions, like `greedy`
    greedy: Measures
    bounds: Bounds
    status: str
    kept_greedy: bool  # the search did not beat the greedy schedule, which is proposed
    seconds: float

    @property
    def moved(self) -> int:
        return sum(len(c.moves) for c in self.courses)


def batch_horizon(clinic: Clinic, first_day: date, weeks: int) -> Horizon:
    """The dates a batch may use, or DomainError naming the input to fix."""
    if (problem := date_problem(first_day)) is not None:
        raise DomainError("first_day", problem)
    if first_day <= clinic_today(clinic):
        raise DomainError(
            "first_day", "Start from tomorrow or later: today's visits are arranged one by one."
        )
    if not 1 <= weeks <= MAX_WEEKS:
        raise DomainError("weeks", f"Choose between 1 and {MAX_WEEKS} weeks.")
    return Horizon(first_day, first_day + timedelta(days=7 * weeks - 1))


def check_time_limit(seconds: float, most: float) -> None:
    if not 1 <= seconds <= most:
        raise DomainError("time_limit", f"Give a time limit between 1 and {most:.0f} seconds.")


def _open_courses(clinic: Clinic) -> list[Course]:
    return list(
        Course.objects.filter(
            clinic=clinic, state__in=OPEN_STATES, status=RecordStatus.ACTIVE
        ).order_by("id")
    )


def batch_requests(clinic: Clinic, first_day: date, weeks: int) -> list[sched.CourseRequest]:
    """The open courses' sessions still to book whose ideal dates fall in the weeks given,
    each with the wishes its patient last booked with."""
    horizon = batch_horizon(clinic, first_day, weeks)
    found = []
    courses = _open_courses(clinic)
    wishes = wishes_by_course(clinic, courses)
    for course in courses:
        request = booking_request(
            course, today=first_day, preferences=wishes.get(str(course.id), NONE)
        )
        if request is None:
            continue
        due = sum(1 for n in request.numbers() if request.ideal_date(n) <= horizon.last)
        if due:
            found.append(replace(request, sessions=due))
    return found


def _movable_rows(clinic: Clinic, horizon: Horizon) -> list[Appointment]:
    """The booked sessions in the horizon of courses none of whose sessions there has begun."""
    rows = Appointment.objects.filter(
        clinic=clinic,
        course__in=_open_courses(clinic),
        starts_at__gte=to_utc(datetime.combine(horizon.first, time()), clinic),
        starts_at__lt=to_utc(datetime.combine(horizon.last + timedelta(days=1), time()), clinic),
        status__in=(AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN),
    ).select_related("course", "course__clinic")
    held = {r.course_id for r in rows if r.status != AppointmentStatus.BOOKED}
    return [r for r in rows if r.course_id not in held]


def _audited_clinic(actor: Actor, clinic_id: int, what: str) -> Clinic:
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        audit_record(actor=actor, action=Action.READ, target=what, clinic_id=clinic.id)
    return clinic


def batch_propose(
    *,
    actor: Actor,
    clinic_id: int,
    first_day: date,
    weeks: int,
    time_limit: float,
    movable: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> Proposal:
    """The optimiser's placement of the clinic's sessions still to book (and, when
    `movable`, of the booked ones in the horizon), with greedy beside it. Writes nothing."""
    clinic = _audited_clinic(actor, clinic_id, f"optimiser proposal from {first_day}")
    check_time_limit(time_limit, MAX_SECONDS)
    horizon = batch_horizon(clinic, first_day, weeks)
    requests = batch_requests(clinic, first_day, weeks)
    rows = _movable_rows(clinic, horizon) if movable else []
    rules = {str(r.course_id): course_rules(r.course) for r in rows}
    last_held = held_dates({r.course_id: r.course for r in rows}.values())
    total = sum(r.sessions for r in requests) + len(rows)
    report = progress or (lambda _: None)

    def forward(event: ProgressEvent) -> None:
        report(Progress("search", event.elapsed, event.objective, event.bound, event.placed, total))

    report(Progress("search", 0.0, 0.0, 0.0, 0, total))
    calendar = load_calendar(clinic, horizon.first - MARGIN, horizon.last + MARGIN)
    started = clock.monotonic()
    result = optimise(
        calendar,
        requests,
        horizon,
        time_limit=time_limit,
        movable=set(rules),
        rules=rules,
        last_held=last_held,
        progress=forward,
    )
    seconds = clock.monotonic() - started
    # What applying would write: the sessions booked new or moved, each checked against
    # the calendar with the booked sessions that stay.
    stay = set(calendar.booked)
    problems = check(
        calendar,
        [a for a in result.schedule.placed if a not in stay],
        {r.id: r.rules for r in requests} | rules,
        last_held=held_dates(_open_courses(clinic)),
    )
    if problems:
        raise FailedCheck([v.message for v in problems])
    placed = len(result.schedule.placed)
    report(Progress("bounds", seconds, result.objective, result.bound, placed, total))
    limits = bounds(calendar, requests, horizon, movable=set(rules))
    proposal = Proposal(
        clinic_id=clinic.id,
        first_day=horizon.first,
        last_day=horizon.last,
        time_limit=time_limit,
        movable=movable,
        courses=_courses(result.schedule.placed, requests, rows, clinic),
        unplaced=result.schedule.unplaced,
        optimiser=measure(requests, _new(requests, result.schedule.placed)),
        greedy=measure(requests, _new(requests, result.greedy.placed)),
        bounds=limits,
        status=result.status,
        kept_greedy=bool(result.kept_greedy),
        seconds=seconds,
    )
    report(Progress("done", seconds, result.objective, result.bound, placed, total))
    return proposal


def _new(
    requests: list[sched.CourseRequest], placed: tuple[sched.Appointment, ...]
) -> list[sched.Appointment]:
    """The sessions asked for, without a course's booked ones that were free to move."""
    wanted = {(r.id, n) for r in requests for n in r.numbers()}
    return [a for a in placed if a.key() in wanted]


def _courses(
    placed: tuple[sched.Appointment, ...],
    requests: list[sched.CourseRequest],
    rows: list[Appointment],
    clinic: Clinic,
) -> tuple[CourseProposal, ...]:
    wanted = {(r.id, n) for r in requests for n in r.numbers()}
    booked = {(str(r.course_id), r.number): r for r in rows}
    patients = {r.id: int(r.patient_id) for r in requests} | {
        str(r.course_id): r.patient_id for r in rows
    }
    slots: dict[str, list[Slot]] = {}
    moves: dict[str, list[Move]] = {}
    for a in sorted(placed, key=lambda a: (int(a.course_id), a.number)):
        if a.key() in wanted:
            slots.setdefault(a.course_id, []).append(slot_of(a))
        elif (row := booked.get(a.key())) is not None:
            was = to_wall(row.starts_at, clinic)
            slot = slot_of(a)
            if (was, row.practitioner_id, row.room_id) != (
                slot.start,
                slot.practitioner_id,
                slot.room_id,
            ):
                moves.setdefault(a.course_id, []).append(Move(row.id, was, slot))
    return tuple(
        CourseProposal(int(c), patients[c], tuple(slots.get(c, ())), tuple(moves.get(c, ())))
        for c in sorted(set(slots) | set(moves), key=int)
    )
