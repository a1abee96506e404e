"""Where the synthetic sessions go: a fixed grid of starts per practitioner day, each start
a session's length plus the clinic's buffer, rounded up to the clinic's slot, after the
last. Two appointments on the grid never overlap, so a practitioner or a room held by one
is free for the next start; the same rules the booking service checks (inside the shift,
inside opening hours, practitioner and room free, the buffer kept, sessions at least the
protocol's minimum interval apart, within the booking tolerance of their ideal day)."""

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

WORK_DAYS = range(5)  # Monday to Friday
SHIFT_STARTS = time(9)
SHIFT_ENDS = time(17, 30)


def grid_starts(session_minutes: int, buffer_minutes: int, slot_minutes: int) -> list[time]:
    """The start times of one practitioner's day."""
    held = session_minutes + buffer_minutes
    step = -(-held // slot_minutes) * slot_minutes
    starts, minute = [], SHIFT_STARTS.hour * 60 + SHIFT_STARTS.minute
    last = SHIFT_ENDS.hour * 60 + SHIFT_ENDS.minute - session_minutes
    while minute <= last:
        starts.append(time(minute // 60, minute % 60))
        minute += step
    return starts


@dataclass(frozen=True)
class Slot:
    day: date
    start: int  # index into the grid
    practitioner: int  # index into the clinic's practitioners
    room: int


@dataclass
class Calendar:
    practitioners: int
    rooms: int
    starts: int
    closed: frozenset[date]
    held: set[tuple[date, int, str, int]] = field(default_factory=set)

    def open_on(self, day: date) -> bool:
        return day.weekday() in WORK_DAYS and day not in self.closed

    def _free_room(self, day: date, start: int) -> int | None:
        for room in range(self.rooms):
            if (day, start, "r", room) not in self.held:
                return room
        return None

    def find(
        self, day: date, practitioner: int, starts: list[int], any_practitioner: bool
    ) -> Slot | None:
        if not self.open_on(day):
            return None
        who = [practitioner] + (
            [p for p in range(self.practitioners) if p != practitioner] if any_practitioner else []
        )
        for person in who:
            for start in starts:
                if (day, start, "p", person) in self.held:
                    continue
                room = self._free_room(day, start)
                if room is not None:
                    return Slot(day, start, person, room)
        return None

    def hold(self, slot: Slot) -> None:
        self.held.add((slot.day, slot.start, "p", slot.practitioner))
        self.held.add((slot.day, slot.start, "r", slot.room))

    def release(self, slot: Slot) -> None:
        self.held.discard((slot.day, slot.start, "p", slot.practitioner))
        self.held.discard((slot.day, slot.start, "r", slot.room))


def place_course(
    calendar: Calendar,
    *,
    ideal_days: list[date],
    practitioner: int,
    min_interval_days: int,
    tolerance_days: int,
    rng: random.Random,
) -> list[tuple[date, Slot]]:
    """Each session at the nearest open day to its ideal one within the tolerance (then up
    to two weeks later, as a desk moves a session that does not fit), never closer than
    the minimum interval to the one before. Returns (ideal day, slot) pairs; a session
    that finds no place ends the list."""
    afternoon = rng.random() < 0.5
    starts = list(range(calendar.starts))
    if afternoon:
        starts.reverse()
    placed: list[tuple[date, Slot]] = []
    previous: date | None = None
    shift = 0  # a session moved later moves the ones after it too
    for ideal in ideal_days:
        ideal = ideal + timedelta(days=shift)
        earliest = previous + timedelta(days=min_interval_days) if previous else ideal
        near = [0] + [d for k in range(1, tolerance_days + 1) for d in (k, -k)]
        later = list(range(tolerance_days + 1, 15))
        slot = None
        for offset in near + later:
            day = ideal + timedelta(days=offset)
            if day < earliest:
                continue
            slot = calendar.find(day, practitioner, starts, any_practitioner=offset in later)
            if slot is None and offset in near:
                slot = calendar.find(day, practitioner, starts, any_practitioner=True)
            if slot is not None:
                break
        if slot is None:
            break
        calendar.hold(slot)
        if slot.day > ideal + timedelta(days=tolerance_days):
            shift += (slot.day - ideal).days
            ideal = slot.day
        placed.append((ideal, slot))
        previous = slot.day
    return placed
