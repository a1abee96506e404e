"""Made-up clinics and course requests for tests and the benchmark, the same for the same
seed.

A tier fixes the size (clinics, practitioners, rooms, weeks); the load is the share of the
practitioners' capacity that the courses ask for, counted in sessions that fit in the shifts
with the buffer kept. Courses start at an even rate from well before the planning horizon,
so the weeks are about equally busy: courses already running when the horizon opens have
their next `booked_ahead_weeks` booked (the calendar's existing bookings); every other
session whose ideal date falls inside the horizon is a request to place.
"""

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from mesoclinic.domain.protocol_model import Protocol
from mesoclinic.scheduling.greedy import greedy
from mesoclinic.scheduling.model import (
    Calendar,
    Clinic,
    CourseRequest,
    GapRules,
    PartOfDay,
    Practitioner,
    Preferences,
    Room,
    Span,
    WeeklyHours,
)
from mesoclinic.scheduling.schedule import Horizon
from mesoclinic.scheduling.timeline import Board, days


@dataclass(frozen=True, slots=True)
class Tier:
    clinics: int
    practitioners: int  # per clinic
    rooms: int  # per clinic
    weeks: int


TIERS: Mapping[str, Tier] = {
    "quick": Tier(clinics=1, practitioners=2, rooms=2, weeks=3),
    "S": Tier(clinics=1, practitioners=4, rooms=3, weeks=12),
    "M": Tier(clinics=1, practitioners=12, rooms=8, weeks=16),
    "L": Tier(clinics=3, practitioners=12, rooms=8, weeks=20),
    "XL": Tier(clinics=10, practitioners=12, rooms=8, weeks=26),
}
LOADS = (0.70, 0.85, 0.95, 1.05)


@dataclass(frozen=True, slots=True)
class ClinicSettings:
    """The generated clinics' own settings (clinic choices, not protocol numbers)."""

    # Time to clean the couch and finish the notes before the next patient.
    buffer_minutes: int = 10
    # Front desks book on the quarter hour.
    slot_minutes: int = 15
    # How far a session may move from its ideal date. Two days keeps a weekly course's
    # sessions at least five days apart before the protocol's minimum gap is applied;
    # three days gives a fortnightly course the same share of its cadence.
    weekly_tolerance_days: int = 2
    fortnightly_tolerance_days: int = 3
    # How far ahead the front desk has already booked running courses.
    booked_ahead_weeks: int = 2


SETTINGS = ClinicSettings()
HORIZON_START = date(2025, 9, 1)  # a Monday; the horizon crosses October's clock change


def _hours(*pairs: tuple[int, int, int, int]) -> tuple[tuple[time, time], ...]:
    return tuple((time(a, b), time(c, d)) for a, b, c, d in pairs)


WEEKDAYS = range(5)
CLINIC_HOURS: WeeklyHours = {
    **{d: _hours((8, 0, 20, 0)) for d in WEEKDAYS},
    5: _hours((9, 0, 13, 0)),
}
FULL_DAY = _hours((9, 0, 13, 0), (14, 0, 18, 0))
Shift = Callable[[random.Random], WeeklyHours]
SHIFTS: tuple[Shift, ...] = (
    lambda rng: dict.fromkeys(WEEKDAYS, FULL_DAY),
    lambda rng: dict.fromkeys(WEEKDAYS, _hours((14, 0, 19, 0))),  # afternoons
    lambda rng: dict.fromkeys(sorted(rng.sample(list(WEEKDAYS), 3)), FULL_DAY),  # three days
    lambda rng: dict.fromkeys(WEEKDAYS, _hours((12, 0, 16, 0), (16, 30, 20, 0))),  # late
    lambda rng: dict.fromkeys(range(6), _hours((8, 0, 12, 0))),  # mornings, Saturdays too
)


@dataclass(frozen=True, slots=True)
class Instance:
    calendar: Calendar
    requests: tuple[CourseRequest, ...]
    horizon: Horizon
    rules: Mapping[str, GapRules]  # every course, booked or requested
    capacity: int  # sessions the practitioners' shifts hold over the horizon
    settings: ClinicSettings
    # Each running course's last session before the horizon: held, so not on the calendar,
    # but the minimum gap runs from it.
    held: Mapping[str, date]

    @property
    def load(self) -> float:
        asked = len(self.calendar.booked) + sum(r.sessions for r in self.requests)
        return asked / self.capacity if self.capacity else 0.0


def _weekday(rng: random.Random, first: date, last: date) -> date:
    while True:
        day = first + timedelta(days=rng.randrange((last - first).days + 1))
        if day.weekday() < 5:
            return day


def _staff(rng: random.Random, clinic_id: str, tier: Tier, horizon: Horizon) -> list[Practitioner]:
    staff = []
    offset = rng.randrange(len(SHIFTS))
    for n in range(tier.practitioners):
        shifts = SHIFTS[(offset + n) % len(SHIFTS)](rng)
        off: set[date] = set()
        if rng.random() < 0.4:  # a week of leave
            monday = _weekday(rng, horizon.first, horizon.last)
            monday -= timedelta(days=monday.weekday())
            off.update(monday + timedelta(days=k) for k in range(6))
        off.update(d for d in days(horizon.first, horizon.last) if rng.random() < 0.01)
        away: tuple[Span, ...] = ()
        if rng.random() < 0.3:  # a morning's training
            day = _weekday(rng, horizon.first, horizon.last)
            away = (Span(datetime.combine(day, time(10)), datetime.combine(day, time(12))),)
        staff.append(
            Practitioner(
                f"{clinic_id}-p{n + 1:02d}",
                clinic_id,
                shifts,
                frozenset(off),
                away,
                name=f"Practitioner {clinic_id}-{n + 1}",
            )
        )
    return staff


def _rooms(rng: random.Random, clinic_id: str, tier: Tier, horizon: Horizon) -> list[Room]:
    rooms = []
    for n in range(tier.rooms):
        closed: tuple[Span, ...] = ()
        if rng.random() < 0.3:  # an afternoon's maintenance
            day = _weekday(rng, horizon.first, horizon.last)
            closed = (Span(datetime.combine(day, time(13)), datetime.combine(day, time(17))),)
        rooms.append(Room(f"{clinic_id}-r{n + 1}", clinic_id, closed, name=f"Room {n + 1}"))
    return rooms


def _length(rng: random.Random, protocol: Protocol) -> int:
    """A course's length from the protocol's ranges: mild grade 2, grade 2, grade 3."""
    grade2, grade3 = protocol.grades[2], protocol.grades[3]
    mild = grade2.sessions_by_css_band.get("mild", grade2.sessions)
    open_ended = grade3.sessions
    ranges = [
        (mild.low, mild.high or mild.low),
        (grade2.sessions.low, grade2.sessions.high or grade2.sessions.low),
        (open_ended.low, min(grade3.planning_high(open_ended), 25)),
    ]
    low, high = rng.choices(ranges, weights=(3, 5, 2))[0]
    return rng.randint(low, high)


def _preferences(rng: random.Random, first: date, staff: list[Practitioner]) -> Preferences:
    if rng.random() < 0.5:
        return Preferences()
    weekdays = frozenset({first.weekday(), rng.randrange(5)}) if rng.random() < 0.6 else frozenset()
    part = rng.choice(list(PartOfDay)) if rng.random() < 0.6 else None
    working = [p.id for p in staff if first.weekday() in p.shifts]
    chosen = (
        rng.choice(working) if working and (rng.random() < 0.5 or not (weekdays or part)) else None
    )
    return Preferences(weekdays, part, chosen)


def generate(
    tier: str | Tier,
    load: float,
    seed: int,
    protocol: Protocol,
    settings: ClinicSettings = SETTINGS,
) -> Instance:
    size = TIERS[tier] if isinstance(tier, str) else tier
    rng = random.Random(f"{tier}/{load}/{seed}")  # noqa: S311 - repeatable, not secret
    horizon = Horizon(HORIZON_START, HORIZON_START + timedelta(weeks=size.weeks, days=-1))
    cadences = protocol.cadences
    clinics, staff, rooms = {}, {}, {}
    booking: list[CourseRequest] = []
    requests: list[CourseRequest] = []
    rules: dict[str, GapRules] = {}
    held: dict[str, date] = {}
    capacity = 0
    for c in range(size.clinics):
        clinic_id = f"c{c + 1}"
        holidays = {_weekday(rng, horizon.first, horizon.last) for _ in range(size.weeks // 6)}
        clinic = Clinic(
            clinic_id,
            CLINIC_HOURS,
            frozenset(holidays),
            buffer_minutes=settings.buffer_minutes,
            slot_minutes=settings.slot_minutes,
            name=f"Clinic {c + 1}",
        )
        people = _staff(rng, clinic_id, size, horizon)
        clinics[clinic_id] = clinic
        staff.update({p.id: p for p in people})
        rooms.update({r.id: r for r in _rooms(rng, clinic_id, size, horizon)})
        board = Board(Calendar(clinics, staff, rooms))
        here = sum(
            len(board.pattern(clinic, p, d, protocol.session_minutes))
            for p in people
            for d in days(horizon.first, horizon.last)
        )
        capacity += here
        wanted, asked, k = round(load * here), 0, 0
        booked_until = horizon.first + timedelta(weeks=settings.booked_ahead_weeks)
        while asked < wanted:
            weekly = rng.random() < 0.7
            cadence = cadences["weekly"] if weekly else cadences["fortnightly"]
            tolerance = (
                settings.weekly_tolerance_days if weekly else settings.fortnightly_tolerance_days
            )
            n = _length(rng, protocol)
            first = _weekday(rng, horizon.first - timedelta(days=(n - 1) * cadence), horizon.last)
            ideals = [first + timedelta(days=i * cadence) for i in range(n)]
            done = sum(d < horizon.first for d in ideals)
            inside = [i for i, d in enumerate(ideals) if horizon.first <= d <= horizon.last]
            if not inside:
                continue
            k += 1
            course_id, patient_id = f"{clinic_id}-k{k:04d}", f"{clinic_id}-pt{k:04d}"
            rule = GapRules(cadence, tolerance, protocol.min_interval_days)
            rules[course_id] = rule
            wishes = _preferences(rng, first, people)
            ahead = [i for i in inside if done and ideals[i] < booked_until]
            later = [i for i in inside if i not in ahead]
            previous = ideals[done - 1] if done else None
            if previous is not None:
                held[course_id] = previous
            for part, into in ((ahead, booking), (later, requests)):
                if part:
                    into.append(
                        CourseRequest(
                            course_id,
                            patient_id,
                            clinic_id,
                            len(part),
                            ideals[part[0]],
                            rule,
                            protocol.session_minutes,
                            wishes,
                            first_number=part[0] + 1,
                            previous_session=previous,
                        )
                    )
            asked += len(inside)
    empty = Calendar(clinics, staff, rooms)
    existing = greedy(empty, booking, horizon)
    calendar = Calendar(clinics, staff, rooms, existing.placed)
    return Instance(calendar, tuple(requests), horizon, rules, capacity, settings, held)
