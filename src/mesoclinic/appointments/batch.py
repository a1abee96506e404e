"""The batch optimiser for one clinic: propose a placement of every open course's sessions
still to book, compare it with the greedy baseline and the bounds, and apply it.

Proposing writes nothing but its audit row. Applying books each course through the same
services the booking desk uses, so every course is checked again against the calendar as
it is by then: all of a course's sessions or none of them, and a course whose time was
taken meanwhile is reported while the others still book.
"""

import time as clock
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db import transaction

from mesoclinic.access import Capability, access_clinic
from mesoclinic.appointments.booking.wishes import NONE, wishes_by_course
from mesoclinic.appointments.calendar import load_calendar, to_utc, to_wall
from mesoclinic.appointments.changes import appointment_move
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import (
    Slot,
    booking_request,
    course_book,
    course_rules,
    slot_of,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import OPEN_STATES, Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import RecordStatus
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling.bounds import Bounds, bounds
from mesoclinic.scheduling.optimiser import optimise
from mesoclinic.scheduling.schedule import Horizon, Measures, ProgressEvent, Unplaced, measure

# Limits on the work asked of the server, not clinical numbers: a longer horizon or search
# is better run again later, when more of the calendar is known.
MAX_WEEKS = 26
MAX_SECONDS = 600.0
# Bookings this far either side of the horizon are read too: the gap rules tie a session
# to its course's neighbours, which may sit just outside it.
MARGIN = timedelta(days=28)


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
        progress=forward,
    )
    seconds = clock.monotonic() - started
    placed = len(result.schedule.placed)
    report(Progress("bounds", seconds, result.objective, result.bound, placed, total))
    limits = bounds(calendar, requests, horizon)
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


@dataclass(frozen=True)
class Outcome:
    course_id: int
    patient_id: int
    booked: int
    moved: int
    refused: str = ""  # why nothing of this course was booked or moved


def _changed_meanwhile(clinic: Clinic, move: Move) -> bool:
    row = Appointment.objects.filter(id=move.appointment_id).first()
    return (
        row is None
        or row.status != AppointmentStatus.BOOKED
        or to_wall(row.starts_at, clinic) != move.was
    )


def _apply_course(actor: Actor, clinic: Clinic, course: CourseProposal) -> Outcome:
    with transaction.atomic():
        if course.moves:
            if any(_changed_meanwhile(clinic, m) for m in course.moves):
                raise DomainError("slots", "A booked session of the course changed meanwhile.")
            first = min(course.moves, key=lambda m: m.slot.number)
            slots = sorted((m.slot for m in course.moves), key=lambda s: s.number)
            appointment_move(actor=actor, appointment_id=first.appointment_id, slots=slots)
        if course.slots:
            course_book(actor=actor, course_id=course.course_id, slots=course.slots)
    return Outcome(course.course_id, course.patient_id, len(course.slots), len(course.moves))


def batch_apply(*, actor: Actor, clinic_id: int, proposal: Proposal) -> list[Outcome]:
    """Book and move each course of the proposal, each course all or nothing. A course
    refused because another's session still sat in its way is tried again once that one
    has moved, for as long as a round books something."""
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    if proposal.clinic_id != clinic.id:
        raise DomainError("clinic", "This proposal is for another clinic.")
    ours = set(
        Course.objects.filter(
            clinic=clinic, id__in=[c.course_id for c in proposal.courses]
        ).values_list("id", flat=True)
    )
    waiting = [c for c in proposal.courses if c.course_id in ours]
    done: dict[int, Outcome] = {}
    refused: dict[int, str] = {}
    while waiting:
        left = []
        for course in waiting:
            try:
                done[course.course_id] = _apply_course(actor, clinic, course)
            except DomainError as error:
                refused[course.course_id] = error.message
                left.append(course)
        if len(left) == len(waiting):
            break
        waiting = left
    outcomes = [
        done.get(c.course_id)
        or Outcome(c.course_id, c.patient_id, 0, 0, refused.get(c.course_id, "Not in this clinic."))
        for c in proposal.courses
    ]
    booked = sum(1 for o in outcomes if not o.refused)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"optimiser proposal from {proposal.first_day} applied: "
            f"{booked} courses booked, {len(outcomes) - booked} refused",
            clinic_id=clinic.id,
        )
    return outcomes
