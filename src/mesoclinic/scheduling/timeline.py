"""One day of one clinic in minutes after midnight: where a session may start, and what is taken.

The greedy baseline, the optimiser and the bounds all reason in whole days of wall-clock
minutes; they share this module, and the checker does not, so a mistake here shows up
there.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from mesoclinic.scheduling.model import Appointment, Calendar, Clinic, Practitioner, Room, Span

DAY_MINUTES = 24 * 60


def minute_of(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(minutes=minute)


@dataclass(frozen=True, slots=True)
class Segment:
    """Minutes [start, end) in which sessions may lie; starts fall on the grid from `origin`."""

    start: int
    end: int
    origin: int


def _cut(parts: list[tuple[int, int]], hole: tuple[int, int]) -> list[tuple[int, int]]:
    kept = []
    for start, end in parts:
        if hole[1] <= start or end <= hole[0]:
            kept.append((start, end))
            continue
        if start < hole[0]:
            kept.append((start, hole[0]))
        if hole[1] < end:
            kept.append((hole[1], end))
    return kept


def _spans_on(spans: Iterable[Span], day: date) -> Iterator[tuple[int, int]]:
    """The parts of `spans` that fall on `day`, in minutes."""
    midnight = at(day, 0)
    for span in spans:
        start = (span.start - midnight).total_seconds() // 60
        end = (span.end - midnight).total_seconds() // 60
        if end > 0 and start < DAY_MINUTES:
            yield int(max(start, 0)), int(min(end, DAY_MINUTES))


def opening(clinic: Clinic, day: date) -> list[tuple[int, int]]:
    if day in clinic.closed_days:
        return []
    return [(minute_of(a), minute_of(b)) for a, b in clinic.hours.get(day.weekday(), ())]


def practitioner_segments(clinic: Clinic, person: Practitioner, day: date) -> list[Segment]:
    """Shift time inside opening hours, less time away; each piece keeps its opening's grid."""
    if day in person.days_off:
        return []
    shifts = [(minute_of(a), minute_of(b)) for a, b in person.shifts.get(day.weekday(), ())]
    away = list(_spans_on(person.away, day))
    segments = []
    for open_start, open_end in opening(clinic, day):
        for shift_start, shift_end in shifts:
            parts = [(max(open_start, shift_start), min(open_end, shift_end))]
            for hole in away:
                parts = _cut(parts, hole)
            segments += [Segment(a, b, open_start) for a, b in parts if a < b]
    return sorted(segments, key=lambda s: s.start)


def room_segments(clinic: Clinic, room: Room, day: date) -> list[Segment]:
    closures = list(_spans_on(room.closed, day))
    segments = []
    for open_start, open_end in opening(clinic, day):
        parts = [(open_start, open_end)]
        for hole in closures:
            parts = _cut(parts, hole)
        segments += [Segment(a, b, open_start) for a, b in parts if a < b]
    return segments


def on_grid(minute: int, origin: int, step: int) -> int:
    """The first grid minute at or after `minute`."""
    return origin + -(-(minute - origin) // step) * step


def session_step(clinic: Clinic, minutes: int) -> int:
    """The shortest distance between two starts of one resource: session, buffer, grid."""
    grid = clinic.slot_minutes
    return -(-(minutes + clinic.buffer_minutes) // grid) * grid


@dataclass
class Board:
    """Busy minutes per (resource, day): practitioners and rooms keep the clinic's buffer
    between appointments, a patient only must not be in two places at once."""

    calendar: Calendar
    busy: dict[tuple[str, date], list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _segments: dict[tuple[str, date], list[Segment]] = field(default_factory=dict)

    @classmethod
    def of(cls, calendar: Calendar, *, leave_out: Iterable[tuple[str, int]] = ()) -> "Board":
        board = cls(calendar)
        skipped = set(leave_out)
        for appointment in calendar.booked:
            if appointment.key() not in skipped:
                board.take(appointment)
        return board

    def take(self, appointment: Appointment) -> None:
        day = appointment.start.date()
        minute = minute_of(appointment.start.time())
        span = (minute, minute + int((appointment.end - appointment.start).total_seconds()) // 60)
        for key in ("p:" + appointment.practitioner_id, "r:" + appointment.room_id):
            self.busy[key, day].append(span)
        self.busy["c:" + appointment.patient_id, day].append(span)

    def is_free(self, key: str, day: date, start: int, end: int, buffer: int) -> bool:
        return all(
            start >= e + buffer or s >= end + buffer for s, e in self.busy.get((key, day), ())
        )

    def segments(self, clinic: Clinic, resource: Practitioner | Room, day: date) -> list[Segment]:
        key = (resource.id, day)
        if key not in self._segments:
            if isinstance(resource, Practitioner):
                self._segments[key] = practitioner_segments(clinic, resource, day)
            else:
                self._segments[key] = room_segments(clinic, resource, day)
        return self._segments[key]

    def fits(
        self, key: str, day: date, segments: list[Segment], start: int, minutes: int, buffer: int
    ) -> bool:
        end = start + minutes
        return any(s.start <= start and end <= s.end for s in segments) and self.is_free(
            key, day, start, end, buffer
        )

    def free_starts(
        self, clinic: Clinic, person: Practitioner, day: date, minutes: int
    ) -> Iterator[int]:
        """Every grid start at which the practitioner is free for `minutes`, earliest first."""
        buffer = clinic.buffer_minutes
        busy = sorted(self.busy.get(("p:" + person.id, day), ()))
        for segment in self.segments(clinic, person, day):
            start = on_grid(segment.start, segment.origin, clinic.slot_minutes)
            while start + minutes <= segment.end:
                clash = next(
                    (e for s, e in busy if start < e + buffer and s < start + minutes + buffer),
                    None,
                )
                if clash is None:
                    yield start
                    start += clinic.slot_minutes
                else:
                    start = on_grid(clash + buffer, segment.origin, clinic.slot_minutes)

    def pattern(self, clinic: Clinic, person: Practitioner, day: date, minutes: int) -> list[int]:
        """The most sessions the practitioner can still hold that day, packed earliest first."""
        starts: list[int] = []
        for start in self.free_starts(clinic, person, day, minutes):
            if not starts or start >= starts[-1] + minutes + clinic.buffer_minutes:
                starts.append(start)
        return starts

    def room_for(
        self, clinic: Clinic, rooms: Iterable[Room], day: date, start: int, minutes: int
    ) -> Room | None:
        for room in rooms:
            segments = self.segments(clinic, room, day)
            if self.fits("r:" + room.id, day, segments, start, minutes, clinic.buffer_minutes):
                return room
        return None

    def room_pattern_count(self, clinic: Clinic, room: Room, day: date, minutes: int) -> int:
        """The most sessions the room can still hold that day."""
        buffer, count, last = clinic.buffer_minutes, 0, None
        busy = sorted(self.busy.get(("r:" + room.id, day), ()))
        for segment in self.segments(clinic, room, day):
            start = on_grid(segment.start, segment.origin, clinic.slot_minutes)
            while start + minutes <= segment.end:
                clash = next(
                    (e for s, e in busy if start < e + buffer and s < start + minutes + buffer),
                    None,
                )
                if clash is not None:
                    start = on_grid(clash + buffer, segment.origin, clinic.slot_minutes)
                elif last is not None and start < last + minutes + buffer:
                    start = on_grid(last + minutes + buffer, segment.origin, clinic.slot_minutes)
                else:
                    count, last = count + 1, start
                    start += minutes + buffer
                    start = on_grid(start, segment.origin, clinic.slot_minutes)
        return count


def days(first: date, last: date) -> Iterator[date]:
    """Every date from `first` to `last`, both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)
