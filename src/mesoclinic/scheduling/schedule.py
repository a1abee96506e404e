"""What a batch placement returns, and the one score every placer is judged by."""

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mesoclinic.scheduling.model import (
    Appointment,
    Calendar,
    CourseRequest,
    GapRules,
    PartOfDay,
    Preferences,
)

Key = tuple[str, int]  # (course id, session number)


@dataclass(frozen=True, slots=True)
class Horizon:
    """The dates a batch may use, both included."""

    first: date
    last: date

    def clip(self, low: date, high: date) -> tuple[date, date]:
        return max(low, self.first), min(high, self.last)


@dataclass(frozen=True, slots=True)
class Unplaced:
    course_id: str
    number: int
    reason: str


@dataclass(frozen=True, slots=True)
class Schedule:
    placed: tuple[Appointment, ...]
    unplaced: tuple[Unplaced, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """A better schedule found while the optimiser searches."""

    elapsed: float  # seconds since the search started
    objective: float  # wishes met (`Weights`) by the days chosen so far
    bound: float  # no choice of days meets more
    placed: int  # sessions with a day


@dataclass(frozen=True, slots=True)
class Weights:
    """How much a placed session and each wish are worth. A placed session outweighs
    everything one session can otherwise win (its ideal date, its wishes, its course's
    continuity), so no wish of a session ever costs that session its place. Sessions can
    still trade against each other: ten sessions moved back to their ideal date are
    worth a placed one, where placing it would push them off."""

    placed: int = 1000
    on_ideal: int = 100
    per_day_off_ideal: int = 10
    extra_practitioner: int = 40  # each practitioner a course sees beyond the first
    preferred_practitioner: int = 10
    preferred_weekday: int = 5
    preferred_part_of_day: int = 5
    unchanged: int = 100  # a booked session allowed to move stays where it is
    # A booked session allowed to move keeps a place, whichever: never given up for
    # another session's.
    still_booked: int = 1000

    def total(self, placed: int, wishes: int) -> int:
        return self.placed * placed + wishes


WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Session:
    """One session to place, from a course request or a booked session that may move."""

    course_id: str
    patient_id: str
    clinic_id: str
    number: int
    ideal: date
    rules: GapRules
    minutes: int
    preferences: Preferences
    keep: Appointment | None = None  # where a movable booked session sits now
    # No day before this: the minimum gap after the session held before the request, or
    # today when booking. Bookings around the session are the calendar's, not this.
    earliest: date | None = None

    def key(self) -> Key:
        return (self.course_id, self.number)

    @property
    def window(self) -> tuple[date, date]:
        tolerance = timedelta(days=self.rules.tolerance_days)
        return self.ideal - tolerance, self.ideal + tolerance


def sessions_of(request: CourseRequest) -> list[Session]:
    return [
        Session(
            request.id,
            request.patient_id,
            request.clinic_id,
            number,
            request.ideal_date(number),
            request.rules,
            request.minutes,
            request.preferences,
            earliest=request.earliest(number),
        )
        for number in request.numbers()
    ]


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The booked sessions of a course just before and just after the ones being placed."""

    before: date | None
    after: date | None
    practitioner_id: str | None  # of the latest booked session before, for continuity


def movable_booked(
    calendar: Calendar, movable: Collection[str], horizon: Horizon
) -> list[Appointment]:
    """The booked sessions free to move: those of the `movable` courses in the horizon. The
    optimiser places them again, and the bounds leave them off the calendar."""
    return [
        a
        for a in calendar.booked
        if a.course_id in movable and horizon.first <= a.start.date() <= horizon.last
    ]


def by_course(calendar: Calendar) -> dict[str, list[Appointment]]:
    found: dict[str, list[Appointment]] = defaultdict(list)
    for a in calendar.booked:
        found[a.course_id].append(a)
    return found


def neighbours(booked: Sequence[Appointment], request: CourseRequest) -> Neighbours:
    """The request's neighbours among `booked`, the course's booked sessions."""
    first, last = request.first_number, request.first_number + request.sessions - 1
    earlier = max((a for a in booked if a.number < first), key=lambda a: a.number, default=None)
    later = min((a for a in booked if a.number > last), key=lambda a: a.number, default=None)
    before = earlier.start.date() if earlier else None
    if request.previous_session and (before is None or request.previous_session > before):
        before = request.previous_session
    return Neighbours(
        before,
        later.start.date() if later else None,
        earlier.practitioner_id if earlier else None,
    )


@dataclass(frozen=True, slots=True)
class Measures:
    requested: int
    placed: int
    on_ideal: int
    deviation_days: int  # summed over placed sessions
    with_main_practitioner: int  # sessions with their course's most frequent practitioner
    extra_practitioners: int
    preferences_met: int  # each wish a placed session meets counts once
    score: int  # the wishes met, by `Weights`; placed sessions are counted apart

    @property
    def placed_rate(self) -> float:
        return self.placed / self.requested if self.requested else 1.0

    @property
    def ideal_rate(self) -> float:
        """Sessions on their ideal date, out of the sessions requested."""
        return self.on_ideal / self.requested if self.requested else 1.0

    @property
    def mean_deviation(self) -> float:
        return self.deviation_days / self.placed if self.placed else 0.0

    @property
    def continuity(self) -> float:
        return self.with_main_practitioner / self.placed if self.placed else 1.0


def measure(
    requests: Sequence[CourseRequest],
    appointments: Iterable[Appointment],
    weights: Weights = WEIGHTS,
) -> Measures:
    by_id = {r.id: r for r in requests}
    per_course: dict[str, list[Appointment]] = defaultdict(list)
    for appointment in appointments:
        if appointment.course_id in by_id:
            per_course[appointment.course_id].append(appointment)
    placed = on_ideal = deviation = main = extra = met = score = 0
    for course_id, mine in per_course.items():
        request = by_id[course_id]
        wishes = request.preferences
        counts = Counter(a.practitioner_id for a in mine)
        main += counts.most_common(1)[0][1]
        extra += len(counts) - 1
        score -= weights.extra_practitioner * (len(counts) - 1)
        for appointment in mine:
            off = abs((appointment.start.date() - request.ideal_date(appointment.number)).days)
            placed += 1
            on_ideal += off == 0
            deviation += off
            score += weights.on_ideal * (off == 0) - weights.per_day_off_ideal * off
            if appointment.practitioner_id == wishes.practitioner_id:
                met += 1
                score += weights.preferred_practitioner
            if appointment.start.weekday() in wishes.weekdays:
                met += 1
                score += weights.preferred_weekday
            if (
                wishes.part_of_day is not None
                and PartOfDay.of(appointment.start) == wishes.part_of_day
            ):
                met += 1
                score += weights.preferred_part_of_day
    requested = sum(r.sessions for r in requests)
    return Measures(requested, placed, on_ideal, deviation, main, extra, met, score)
