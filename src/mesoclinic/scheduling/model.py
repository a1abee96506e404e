"""What the scheduler reads and writes: clinics, staff, rooms, courses and appointments.

All times are naive datetimes on each clinic's own wall clock. A weekly 10:00 session is
10:00 on every date whatever daylight saving does; the Django layer converts to and from
UTC with the clinic's time zone. Clinics are not open in the hour a clock change repeats
or skips, so wall-clock arithmetic is exact inside opening hours.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

# Weekday (0 = Monday) to the day's working or opening intervals, earliest first.
WeeklyHours = Mapping[int, tuple[tuple[time, time], ...]]

NOON = time(12, 0)


@dataclass(frozen=True, slots=True)
class Span:
    start: datetime
    end: datetime

    def overlaps(self, other: "Span", *, gap: timedelta = timedelta(0)) -> bool:
        """True when the two spans are closer than `gap` (the clinic's buffer)."""
        return self.start < other.end + gap and other.start < self.end + gap


@dataclass(frozen=True, slots=True)
class Clinic:
    id: str
    hours: WeeklyHours
    closed_days: frozenset[date] = frozenset()
    # Free minutes kept between two appointments of one practitioner or one room.
    buffer_minutes: int = 0
    # Appointments start on this grid, counted from the opening time of each interval.
    slot_minutes: int = 15
    name: str = ""  # for messages; the id stands in when empty


@dataclass(frozen=True, slots=True)
class Practitioner:
    id: str
    clinic_id: str
    shifts: WeeklyHours
    # Whole days away: leave and sickness.
    days_off: frozenset[date] = frozenset()
    # Part-day exceptions (a dentist's appointment, a training morning).
    away: tuple[Span, ...] = ()
    name: str = ""  # for messages; the id stands in when empty


@dataclass(frozen=True, slots=True)
class Room:
    id: str
    clinic_id: str
    closed: tuple[Span, ...] = ()
    name: str = ""  # for messages; the id stands in when empty


class PartOfDay(StrEnum):
    MORNING = "morning"  # starts before noon
    AFTERNOON = "afternoon"  # starts at noon or later

    @classmethod
    def of(cls, moment: datetime) -> "PartOfDay":
        return cls.MORNING if moment.time() < NOON else cls.AFTERNOON


@dataclass(frozen=True, slots=True)
class Preferences:
    """Soft wishes: a plan that ignores one is ranked lower, never refused."""

    weekdays: frozenset[int] = frozenset()  # empty: any weekday
    part_of_day: PartOfDay | None = None
    practitioner_id: str | None = None


@dataclass(frozen=True, slots=True)
class GapRules:
    cadence_days: int  # ideal days between sessions (7 weekly, 14 fortnightly)
    tolerance_days: int  # a session may sit this many days either side of its ideal date
    min_gap_days: int  # never fewer days than this between two sessions of a course


@dataclass(frozen=True, slots=True)
class CourseRequest:
    """Sessions `first_number` .. `first_number + sessions - 1` of a course, to be placed."""

    id: str
    patient_id: str
    clinic_id: str
    sessions: int
    first_ideal: date  # the ideal date of session `first_number`
    rules: GapRules
    minutes: int
    preferences: Preferences = field(default_factory=Preferences)
    first_number: int = 1
    # The date of the session held or booked just before `first_number`, if any: the
    # minimum gap applies to it too.
    previous_session: date | None = None
    # No session before this date, whatever its window says (today, when booking).
    not_before: date | None = None

    def numbers(self) -> range:
        return range(self.first_number, self.first_number + self.sessions)

    def ideal_date(self, number: int) -> date:
        return self.first_ideal + timedelta(
            days=(number - self.first_number) * self.rules.cadence_days
        )

    def earliest(self, number: int) -> date | None:
        """No day before this for session `number`, whatever its window says: `not_before`,
        and for the first, the minimum gap after `previous_session`."""
        previous = self.previous_session if number == self.first_number else None
        return earliest_day(previous, self.rules, self.not_before)


def earliest_day(previous: date | None, rules: GapRules, not_before: date | None) -> date | None:
    """The first day a course's session may take: the minimum gap (never under a day) after
    `previous`, the session held or booked before it, and not before `not_before`. Sessions
    to book and booked ones free to move both start from here."""
    days = [not_before] if not_before else []
    if previous is not None:
        days.append(previous + timedelta(days=max(rules.min_gap_days, 1)))
    return max(days, default=None)


@dataclass(frozen=True, slots=True)
class Appointment:
    course_id: str
    patient_id: str
    number: int  # the session's number within its course
    practitioner_id: str
    room_id: str
    start: datetime
    end: datetime
    # The session's ideal date; None for an appointment outside any course rules.
    ideal: date | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def key(self) -> tuple[str, int]:
        return (self.course_id, self.number)


@dataclass(frozen=True, slots=True)
class Calendar:
    """Everything fixed while one question is answered: resources and existing bookings."""

    clinics: Mapping[str, Clinic]
    practitioners: Mapping[str, Practitioner]
    rooms: Mapping[str, Room]
    booked: tuple[Appointment, ...] = ()
