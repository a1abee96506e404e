"""Every change to the calendar: booking a course, cancelling, re-placing and moving.

Each is one transaction that re-reads the calendar, has the scheduler's independent
checker approve the result, and writes its audit row. Two desks booking the same hour at
once cannot both win: PostgreSQL's exclusion constraints refuse the second insert, and on
SQLite the write transaction is IMMEDIATE, so the second waits and then sees the first.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from mesoclinic.access import get_in_clinics_or_404, scoped
from mesoclinic.appointments.booking.wishes import keep_wishes
from mesoclinic.appointments.calendar import load_calendar, to_utc, to_wall
from mesoclinic.appointments.models import ENDED, HOLDING, Appointment
from mesoclinic.appointments.selectors import SCHEDULE
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic, Room
from mesoclinic.clinics.references import rows_at_clinic
from mesoclinic.courses.models import OPEN_STATES, Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.rota.members import rota_memberships
from mesoclinic.scheduling import model as sched
from mesoclinic.scheduling import text
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.slots import off_grid
from mesoclinic.scheduling.text import DASH, listing

# PostgreSQL's SQLSTATE for the transaction it aborted to break a deadlock.
DEADLOCK_DETECTED = "40P01"
TAKEN = (
    "That time was booked by someone else a moment ago; nothing was booked. Here are fresh options."
)


@dataclass(frozen=True)
class Slot:
    """One session placed, at a wall-clock start in the clinic's time zone."""

    number: int
    practitioner_id: int
    room_id: int
    start: datetime
    ideal: date | None = None


def slot_of(placed: sched.Appointment) -> Slot:
    """The scheduler's appointment as the slot the booking services take."""
    return Slot(
        number=placed.number,
        practitioner_id=int(placed.practitioner_id),
        room_id=int(placed.room_id),
        start=placed.start,
        ideal=placed.ideal,
    )


class BookingRefused(DomainError):
    """The calendar changed or the slots break a rule; `errors` says which and why."""

    def __init__(self, messages: Sequence[str], *, taken: bool = False) -> None:
        self.messages = [m if m.endswith(".") else f"{m}." for m in dict.fromkeys(messages)]
        self.taken = taken
        super().__init__("slots", " ".join(self.messages))

    @property
    def errors(self) -> dict[str, str]:
        return {"slots": self.message}


def course_rules(course: Course) -> sched.GapRules:
    protocol = clinic_protocol(course.clinic)
    return sched.GapRules(
        cadence_days=course.cadence_days,
        tolerance_days=protocol.booking_tolerance_days,
        min_gap_days=protocol.min_interval_days,
    )


def session_minutes(course: Course) -> int:
    return clinic_protocol(course.clinic).session_minutes


def _live(course: Course) -> list[Appointment]:
    return list(course.appointments.filter(status__in=HOLDING).order_by("number"))


def _block_numbers(course: Course) -> dict[int, date]:
    """The current block's session numbers and their planned dates."""
    offset = course.sessions_done_total - course.sessions_done
    return {offset + i + 1: day for i, day in enumerate(course.dates)}


def sessions_to_book(course: Course) -> list[tuple[int, date]]:
    """(number, planned date) of the sessions to book together: every session of the
    current block neither done nor booked, from the first such one while they follow on.
    A cancelled session with a later one still booked is placed again on its own, not
    here; a session left unbooked before a later booked one is still to book."""
    done = course.sessions_done_total
    live = _live(course)
    numbers = {a.number for a in live}
    between = {a.number for a in _placed_between(course, live)}
    run: list[tuple[int, date]] = []
    for number, day in _block_numbers(course).items():
        if number > done and number not in numbers and number not in between:
            if run and run[-1][0] != number - 1:
                break
            run.append((number, day))
    return run


def check_numbers(course: Course, numbers: Iterable[int]) -> None:
    """Refuse a session number the course does not have, saying which it has."""
    last = max(_block_numbers(course), default=course.sessions_done_total)
    wrong = sorted({n for n in numbers if not 1 <= n <= last})
    if wrong:
        which = ", ".join(map(str, wrong))
        verb = "is" if len(wrong) == 1 else "are"
        raise BookingRefused([f"Session {which} {verb} not in this course (1{DASH}{last})"])


def sessions_to_place_again(course: Course) -> list[Appointment]:
    """The cancelled or missed sessions nothing has taken the place of yet, by number (the
    latest row of each): they are placed again from their own page."""
    return _waiting(course, _live(course))


def sessions_placed_between(course: Course) -> list[Appointment]:
    """The sessions waiting to be placed again that have a later session still booked:
    each must fit between its booked neighbours, so it is placed on its own (by the desk),
    never by the search for the sessions still to book. One cancelled after the last
    booked session is simply still to book, with any that follow it."""
    return _placed_between(course, _live(course))


def _waiting(course: Course, live: list[Appointment]) -> list[Appointment]:
    taken = {a.number for a in live}
    rows = course.appointments.filter(status__in=ENDED, replaced_by__isnull=True)
    waiting: dict[int, Appointment] = {}
    for row in rows.order_by("number", "-starts_at"):
        if row.number not in taken:
            waiting.setdefault(row.number, row)
    return list(waiting.values())


def _placed_between(course: Course, live: list[Appointment]) -> list[Appointment]:
    last_live = max((a.number for a in live), default=0)
    return [row for row in _waiting(course, live) if row.number < last_live]


def booking_request(
    course: Course, *, today: date, preferences: sched.Preferences
) -> sched.CourseRequest | None:
    """What the availability search is asked for this course, or None when every
    session of the current block is done or booked."""
    wanted = sessions_to_book(course)
    if not wanted:
        return None
    first_number, first_ideal = wanted[0]
    before = [a.starts_at for a in _live(course) if a.number < first_number]
    previous = max(before).date() if before else course.last_session_on
    rules = course_rules(course)
    if previous is not None:
        first_ideal = max(first_ideal, previous + timedelta(days=rules.cadence_days))
    return sched.CourseRequest(
        id=str(course.id),
        patient_id=str(course.patient_id),
        clinic_id=str(course.clinic_id),
        sessions=len(wanted),
        first_ideal=max(first_ideal, today),
        rules=rules,
        minutes=session_minutes(course),
        preferences=preferences,
        first_number=first_number,
        previous_session=previous,
        not_before=today,
    )


def session_ideals(course: Course, *, today: date) -> dict[int, date]:
    """Every session's ideal date, derived by the server alone, never taken from a client:
    a session booked, held or waiting to be placed again keeps the ideal date it was
    booked with; those still to book follow the course's cadence after the session before
    them and the last one held, from `today` at the earliest (as the search asks)."""
    ideals: dict[int, date] = {}
    for row in course.appointments.order_by("starts_at"):
        ideals[row.number] = row.ideal_date or to_wall(row.starts_at, course.clinic).date()
    request = booking_request(course, today=today, preferences=sched.Preferences())
    if request is not None:
        ideals.update({n: request.ideal_date(n) for n in request.numbers()})
    return ideals


def _locked_course(actor: Actor, course_id: int) -> Course:
    course = get_in_clinics_or_404(
        scoped(Course.objects.select_related("clinic"), actor, SCHEDULE), id=course_id
    )
    # Lock the course row only: locking its clinic too would queue every booking desk of
    # the clinic behind this one.
    return Course.objects.select_for_update(of=("self",)).select_related("clinic").get(pk=course.pk)


def _to_scheduler(course: Course, slot: Slot) -> sched.Appointment:
    return sched.Appointment(
        course_id=str(course.id),
        patient_id=str(course.patient_id),
        number=slot.number,
        practitioner_id=str(slot.practitioner_id),
        room_id=str(slot.room_id),
        start=slot.start,
        end=slot.start + timedelta(minutes=session_minutes(course)),
        ideal=slot.ideal,
    )


def approve(
    clinic: Clinic,
    proposed: Sequence[sched.Appointment],
    rules: Mapping[str, sched.GapRules],
    *,
    leave_out: frozenset[int],
    last_held: Mapping[str, date],
) -> None:
    """Refuse unless the scheduler's checker finds nothing wrong with the proposed
    appointments against the calendar as it is now (the rows in `leave_out` are the ones
    being moved, so their old times count as free) and after each course's last session
    held (`last_held`, by course id)."""
    if not proposed:
        raise BookingRefused(["Choose at least one session to book."])
    if any(p.start < to_wall(timezone.now(), clinic) for p in proposed):
        raise BookingRefused(["A session cannot be booked in the past: choose a later time."])
    days = [p.start.date() for p in proposed]
    calendar = load_calendar(
        clinic, min(days) - timedelta(days=28), max(days) + timedelta(days=28), leave_out=leave_out
    )
    _on_grid(calendar.clinics[str(clinic.id)], proposed)
    problems = [v.message for v in check(calendar, proposed, rules, last_held=last_held)]
    if problems:
        raise BookingRefused(problems, taken=True)


def check_slots_at_clinic(course: Course, slots: Sequence[Slot]) -> None:
    """Every practitioner and room named is the course's clinic's: a desk that works at two
    clinics must not book a Riverside patient into a Hillcrest room."""
    try:
        rows_at_clinic(
            Room.objects.all(),
            clinic_id=course.clinic_id,
            ids=[s.room_id for s in slots],
            field="slots",
            noun="room",
        )
        rows_at_clinic(
            rota_memberships(course.clinic),
            clinic_id=course.clinic_id,
            ids=[s.practitioner_id for s in slots],
            field="slots",
            noun="practitioner",
            id_field="user_id",
        )
    except DomainError as refused:
        raise BookingRefused([refused.message]) from refused


def _on_grid(clinic: sched.Clinic, proposed: Sequence[sched.Appointment]) -> None:
    problems = []
    for p in proposed:
        if (either := off_grid(clinic, p.start)) is not None:
            before, after = (text.minutes(m) for m in either)
            problems.append(
                f"Session {p.number} starts at {text.hhmm(p.start)}, off "
                f"{text.resource(clinic)}'s {clinic.slot_minutes}-minute booking grid: "
                f"choose {before} or {after}"
            )
    if problems:
        raise BookingRefused(problems)


def approve_slots(
    course: Course, slots: Sequence[Slot], *, leave_out: frozenset[int]
) -> list[Slot]:
    """The slots with the ideal dates the server derives, once the checker approves them:
    every booking, re-placement and move of a course's sessions comes through here."""
    check_slots_at_clinic(course, slots)
    check_numbers(course, [s.number for s in slots])
    ideals = session_ideals(course, today=clinic_today(course.clinic))
    slots = [replace(s, ideal=ideals.get(s.number)) for s in slots]
    approve(
        course.clinic,
        [_to_scheduler(course, s) for s in slots],
        {str(course.id): course_rules(course)},
        leave_out=leave_out,
        last_held=held_dates([course]),
    )
    return slots


def held_dates(courses: Iterable[Course]) -> dict[str, date]:
    """Each course's latest session held, by course id, for the checker's gap rule."""
    return {str(c.id): c.last_session_on for c in courses if c.last_session_on is not None}


def insert_appointment(
    actor: Actor, course: Course, slot: Slot, *, replaces: Appointment | None
) -> Appointment:
    starts_at = to_utc(slot.start, course.clinic)
    ends_at = starts_at + timedelta(minutes=session_minutes(course))
    return Appointment.objects.create(
        clinic=course.clinic,
        patient_id=course.patient_id,
        course=course,
        number=slot.number,
        practitioner_id=slot.practitioner_id,
        room_id=slot.room_id,
        starts_at=starts_at,
        ends_at=ends_at,
        held_until=ends_at + timedelta(minutes=course.clinic.buffer_minutes),
        ideal_date=slot.ideal,
        replaces=replaces,
        booked_by=actor.user,
    )


def move_row(row: Appointment, course: Course, slot: Slot) -> None:
    starts_at = to_utc(slot.start, course.clinic)
    if starts_at != row.starts_at:
        # She confirmed the time she was told; a new time waits for her word again.
        row.confirmed_at = None
    row.starts_at = starts_at
    row.ends_at = starts_at + timedelta(minutes=session_minutes(course))
    row.held_until = row.ends_at + timedelta(minutes=course.clinic.buffer_minutes)
    row.practitioner_id = slot.practitioner_id
    row.room_id = slot.room_id
    fields = ["starts_at", "ends_at", "held_until", "practitioner", "room", "confirmed_at"]
    row.save(update_fields=[*fields, *row.revised()])


def write_or_taken(work: Callable[[], list[Appointment]]) -> list[Appointment]:
    """Run the writes in a savepoint; a concurrent booking that won the same hour on
    PostgreSQL surfaces here as an exclusion violation and is reported as taken. So does a
    deadlock: two bookings of the same hours, each waiting on the other's uncommitted row
    (PostgreSQL's exclusion constraints insert, then check), have one aborted."""
    try:
        with transaction.atomic():
            return work()
    except IntegrityError as error:
        raise BookingRefused([TAKEN], taken=True) from error
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != DEADLOCK_DETECTED:
            raise
        raise BookingRefused([TAKEN], taken=True) from error


def audit_course(actor: Actor, course: Course, what: str) -> None:
    audit_record(
        actor=actor,
        action=Action.CREATE if what.startswith("booked") else Action.UPDATE,
        target=f"course {course.id} {what}",
        clinic_id=course.clinic_id,
        patient_id=course.patient_id,
    )


def open_course(actor: Actor, course_id: int) -> Course:
    return _open(_locked_course(actor, course_id))


def lock_open_course(course_id: int) -> Course:
    """The course locked for a change, refused unless open, for a caller that found it (or
    one of its appointments) through its own access check."""
    locked = Course.objects.select_for_update(of=("self",)).select_related("clinic")
    return _open(locked.get(pk=course_id))


def _open(course: Course) -> Course:
    if course.state not in OPEN_STATES:
        raise BookingRefused(
            [f"The course is {course.get_state_display().lower()}: its sessions are not booked."]
        )
    return course


def _numbers(numbers: Sequence[int]) -> str:
    """ "3, 5 and 7", or "3–11" for a run."""
    if len(numbers) > 2 and numbers[-1] - numbers[0] == len(numbers) - 1:
        return f"{numbers[0]}{DASH}{numbers[-1]}"
    return listing([str(n) for n in numbers])


@transaction.atomic
def course_book(
    *,
    actor: Actor,
    course_id: int,
    slots: Sequence[Slot],
    wishes: sched.Preferences | None = None,
) -> list[Appointment]:
    """Book the sessions given, all or none, keeping the wishes the plan was found with."""
    course = open_course(actor, course_id)
    return book_locked(actor=actor, course=course, slots=slots, wishes=wishes)


def book_locked(
    *,
    actor: Actor,
    course: Course,
    slots: Sequence[Slot],
    wishes: sched.Preferences | None = None,
    whole: bool = True,
) -> list[Appointment]:
    """Every rule of a booking, for an open course the caller found through its own access
    check (the desk's clinic membership, the portal's ownership) and locked. Called inside
    the caller's transaction. `whole=False` books the first sessions still to book only, in
    a run from the first (the portal books no further ahead than the clinic allows online);
    the rest stay to book."""
    given = {s.number for s in slots}
    check_numbers(course, given)
    to_book = [number for number, _planned in sessions_to_book(course)]
    wanted = set(to_book)
    extra = sorted(given - wanted)
    if extra:
        raise BookingRefused(
            [f"Session {', '.join(map(str, extra))} is already booked or done."], taken=True
        )
    if not whole:
        wanted = set(to_book[: len(given)])
    missing = sorted(wanted - given)
    if missing:
        raise BookingRefused(
            [
                f"A course is booked whole: add session{'s' if len(missing) > 1 else ''} "
                f"{_numbers(missing)}, as every session from {min(wanted)} to {max(wanted)} "
                "is still to book"
            ]
        )
    slots = approve_slots(course, slots, leave_out=frozenset())
    rows = write_or_taken(
        lambda: [insert_appointment(actor, course, s, replaces=None) for s in slots]
    )
    numbers = sorted(s.number for s in slots)
    audit_course(actor, course, f"booked sessions {numbers[0]}-{numbers[-1]}")
    if wishes is not None:
        keep_wishes(actor=actor, course=course, wishes=wishes)
    return rows
