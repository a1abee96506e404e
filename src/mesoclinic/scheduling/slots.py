"""Free time of one clinic, day by day: which practitioner can start when, in which room.

Times inside a day are minutes after midnight on the clinic's wall clock. A resource's
free intervals for a day are its working or opening intervals minus closures, time away
and bookings; a booking blocks the clinic's buffer on both sides of it, so a new
appointment fits exactly when it lies inside one free interval. Days are worked out only
when asked for, so a question about a few weeks costs a few weeks, not the whole calendar.

The index can be written to (`book`, `release`): the search code uses it as a scratch
calendar while it builds a plan or a repair. The checker never uses it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from mesoclinic.scheduling.intervals import (
    Interval,
    at,
    by_day,
    clip,
    clock,
    days_of,
    fits,
    intersect,
    minute_of,
    on_day,
    subtract,
    within,
)
from mesoclinic.scheduling.model import Appointment, Calendar, Clinic, Practitioner

__all__ = ["Interval", "SlotIndex", "at", "clip", "fits", "minute_of", "off_grid", "on_day"]

Free = tuple[list[Interval], list[int]]  # free intervals and, for bisecting, their starts
DayFree = dict[tuple[str, str], Free]  # ("p" or "r", resource id) -> its free time


@dataclass(frozen=True, slots=True)
class _Grouped:
    """A calendar's bookings by date and by patient, built once, and the free time worked
    out from them so far. A Calendar never changes, so whatever is worked out for one
    question about it holds for the next."""

    by_day: dict[date, list[Appointment]]
    by_patient: dict[str, list[Appointment]]
    free: dict[tuple[str, date], DayFree] = field(default_factory=dict)
    starts: dict[tuple[str, date, int], dict[str, list[int]]] = field(default_factory=dict)


_CACHE: dict[int, tuple[Calendar, _Grouped]] = {}
_CACHE_SIZE = 4


def _grouped(calendar: Calendar) -> _Grouped:
    # Keyed by id() while a reference is held, so the id cannot be reused meanwhile.
    hit = _CACHE.get(id(calendar))
    if hit is not None and hit[0] is calendar:
        return hit[1]
    dated: dict[date, list[Appointment]] = defaultdict(list)
    by_patient: dict[str, list[Appointment]] = defaultdict(list)
    for a in calendar.booked:
        first = a.start.date()
        if a.end.date() == first:
            dated[first].append(a)
        else:
            for day in days_of(a.start, a.end):
                dated[day].append(a)
        by_patient[a.patient_id].append(a)
    grouped = _Grouped(dict(dated), dict(by_patient))
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(calendar)] = (calendar, grouped)
    return grouped


class SlotIndex:
    """Free starts of one clinic's practitioners and rooms, per day, for a given length."""

    def __init__(self, calendar: Calendar, clinic_id: str) -> None:
        self.calendar = calendar
        self.clinic = calendar.clinics[clinic_id]
        self.practitioners = sorted(
            (p for p in calendar.practitioners.values() if p.clinic_id == clinic_id),
            key=lambda p: p.id,
        )
        self.rooms = sorted(
            (r for r in calendar.rooms.values() if r.clinic_id == clinic_id), key=lambda r: r.id
        )
        self._grouped = _grouped(calendar)
        self._buffer = self.clinic.buffer_minutes
        # Bookings added or removed by `book` and `release`, on top of the calendar's.
        self._added: dict[date, list[Appointment]] = defaultdict(list)
        self._removed: set[Appointment] = set()
        # Days changed by `book` or `release`, and what is worked out for them here; other
        # days share what is worked out for the calendar.
        self._dirty: set[date] = set()
        self._free: dict[date, DayFree] = {}
        self._starts: dict[tuple[date, int], dict[str, list[int]]] = {}
        # (practitioner, weekday) -> her shifts inside the clinic's opening hours.
        self._weekly: dict[tuple[str, int], list[Interval]] = {}
        self._room_rank = {r.id: n for n, r in enumerate(self.rooms)}
        self._room_ids = frozenset(self._room_rank)
        self._staff_ids = frozenset(p.id for p in self.practitioners)
        # Time away and room closures by date, in minutes.
        self._away = {p.id: by_day(p.away) for p in self.practitioners if p.away}
        self._closed = {r.id: by_day(r.closed) for r in self.rooms if r.closed}

    # -- writing to the scratch calendar ---------------------------------------------------

    def book(self, appointment: Appointment) -> None:
        if appointment in self._removed:
            self._removed.discard(appointment)
        else:
            for day in days_of(appointment.start, appointment.end):
                self._added[day].append(appointment)
        self._forget(appointment)

    def release(self, appointment: Appointment) -> None:
        added = [
            d for d in days_of(appointment.start, appointment.end) if appointment in self._added[d]
        ]
        for day in added:
            self._added[day].remove(appointment)
        if not added:
            self._removed.add(appointment)
        self._forget(appointment)

    def _forget(self, appointment: Appointment) -> None:
        for day in days_of(appointment.start, appointment.end):
            self._dirty.add(day)
            self._free.pop(day, None)
            for key in [k for k in self._starts if k[0] == day]:
                del self._starts[key]

    def bookings(self, day: date) -> list[Appointment]:
        """This clinic's bookings touching `day`, as the scratch calendar has them now."""
        booked = [
            a
            for a in self._grouped.by_day.get(day, ())
            if a.room_id in self._room_ids or a.practitioner_id in self._staff_ids
        ]
        if self._removed:
            booked = [a for a in booked if a not in self._removed]
        return booked + self._added[day] if day in self._added else booked

    def patient_busy(self, patient_id: str, day: date) -> list[Interval]:
        """The patient's appointments on `day`, in any clinic."""
        mine = self._grouped.by_patient.get(patient_id, [])
        if self._removed:
            mine = [a for a in mine if a not in self._removed]
        mine = mine + [a for a in self._added.get(day, ()) if a.patient_id == patient_id]
        return [span for a in mine if (span := on_day(a, day)) is not None]

    # -- reading ---------------------------------------------------------------------------

    def opening(self, day: date) -> list[Interval]:
        if day in self.clinic.closed_days:
            return []
        return [(clock(o), clock(c)) for o, c in self.clinic.hours.get(day.weekday(), ())]

    def grid(self, day: date, minutes: int) -> list[int]:
        """Starts on the clinic's slot grid, counted from each opening, that end in time."""
        step = max(self.clinic.slot_minutes, 1)
        return sorted({s for o, c in self.opening(day) for s in range(o, c - minutes + 1, step)})

    def working(self, practitioner: Practitioner, day: date) -> list[Interval]:
        """Hours the practitioner works that day inside opening hours, before bookings."""
        if day in practitioner.days_off or day in self.clinic.closed_days:
            return []
        key = (practitioner.id, day.weekday())
        weekly = self._weekly.get(key)
        if weekly is None:
            shifts = practitioner.shifts.get(day.weekday(), ())
            weekly = intersect(self.opening(day), [(clock(s), clock(e)) for s, e in shifts])
            self._weekly[key] = weekly
        away = self._away.get(practitioner.id)
        return subtract(weekly, away.get(day, ())) if away else weekly

    def free(self, kind: str, resource_id: str, day: date) -> Free:
        """Free intervals of a practitioner ("p") or room ("r") that day, with their starts."""
        return self._day(day).get((kind, resource_id), ([], []))

    def _day(self, day: date) -> DayFree:
        if day in self._dirty:
            found = self._free.get(day)
            if found is None:
                found = self._free[day] = self._work_out(day)
            return found
        key = (self.clinic.id, day)
        shared = self._grouped.free.get(key)
        if shared is None:
            shared = self._grouped.free[key] = self._work_out(day)
        return shared

    def _work_out(self, day: date) -> DayFree:
        # A booking blocks the buffer on both sides of it.
        taken: dict[tuple[str, str], list[Interval]] = defaultdict(list)
        for a in self.bookings(day):
            span = on_day(a, day)
            if span is not None:
                blocked = (span[0] - self._buffer, span[1] + self._buffer)
                taken[("p", a.practitioner_id)].append(blocked)
                taken[("r", a.room_id)].append(blocked)
        result: DayFree = {}
        for p in self.practitioners:
            free = subtract(self.working(p, day), taken.get(("p", p.id), ()))
            result[("p", p.id)] = (free, [s for s, _ in free])
        opening = self.opening(day)
        for r in self.rooms:
            closed = self._closed[r.id].get(day, []) if r.id in self._closed else []
            free = subtract(subtract(opening, closed), taken.get(("r", r.id), ()))
            result[("r", r.id)] = (free, [s for s, _ in free])
        return result

    def is_free(self, kind: str, resource_id: str, day: date, start: int, end: int) -> bool:
        free, starts = self.free(kind, resource_id, day)
        return fits(free, starts, start, end)

    def starts(self, day: date, minutes: int) -> dict[str, list[int]]:
        """Practitioner id -> grid starts where she and at least one room are free."""
        if day in self._dirty:
            found = self._starts.get((day, minutes))
            if found is None:
                found = self._starts[(day, minutes)] = self._work_out_starts(day, minutes)
            return found
        key = (self.clinic.id, day, minutes)
        shared = self._grouped.starts.get(key)
        if shared is None:
            shared = self._grouped.starts[key] = self._work_out_starts(day, minutes)
        return shared

    def _work_out_starts(self, day: date, minutes: int) -> dict[str, list[int]]:
        grid = self.grid(day, minutes)
        free = self._day(day)
        roomy: set[int] = set()
        for r in self.rooms:
            roomy.update(
                s for fs, fe in free[("r", r.id)][0] for s in within(grid, fs, fe - minutes)
            )
        result: dict[str, list[int]] = {}
        if roomy:
            for p in self.practitioners:
                found = [
                    s
                    for fs, fe in free[("p", p.id)][0]
                    for s in within(grid, fs, fe - minutes)
                    if s in roomy
                ]
                if found:
                    result[p.id] = found
        return result

    def rooms_free(self, day: date, start: int, minutes: int) -> list[str]:
        """Rooms free for start..start+minutes, in the clinic's order."""
        return [r.id for r in self.rooms if self.is_free("r", r.id, day, start, start + minutes)]

    def room_rank(self, room_id: str) -> int:
        return self._room_rank[room_id]


def off_grid(clinic: Clinic, start: datetime) -> tuple[int, int] | None:
    """For a start inside one of the clinic's openings but off its booking grid (counted
    from that opening, as `SlotIndex.grid` counts it), the grid starts either side of it in
    minutes after midnight; None when it is on the grid or outside every opening (the
    checker names those)."""
    minute = minute_of(start)
    step = max(clinic.slot_minutes, 1)
    for opens, closes in clinic.hours.get(start.weekday(), ()):
        first, last = clock(opens), clock(closes)
        if first <= minute < last:
            off = (minute - first) % step
            return None if off == 0 else (minute - off, minute - off + step)
    return None
