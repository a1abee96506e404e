"""Rows for the schedule pages: appointments laid out by room and hour, or by day, in the
clinic's time zone. Layout only; nothing here decides what may be booked."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.clinics.models import Clinic, OpeningHours, Room
from mesoclinic.scheduling.model import Appointment as Placed


@dataclass(frozen=True)
class Entry:
    appointment: Appointment
    start: datetime  # wall clock
    end: datetime

    @property
    def live(self) -> bool:
        return self.appointment.holding


def entries(rows: list[Appointment], clinic: Clinic) -> list[Entry]:
    found = [Entry(r, to_wall(r.starts_at, clinic), to_wall(r.ends_at, clinic)) for r in rows]
    return sorted(found, key=lambda e: (e.start, e.appointment.room.name, e.appointment.id))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _hour_range(clinic: Clinic, entries_: list[Entry], weekday: int) -> range:
    spans = OpeningHours.objects.filter(clinic=clinic, weekday=weekday)
    starts = [s.opens.hour for s in spans] + [e.start.hour for e in entries_]
    ends = [s.closes.hour + (1 if s.closes.minute else 0) for s in spans]
    ends += [e.end.hour + (1 if e.end.minute else 0) for e in entries_]
    if not starts:
        return range(9, 17)
    return range(min(starts), max(max(ends), min(starts) + 1))


@dataclass(frozen=True)
class HourRow:
    hour: time
    cells: list[list[Entry]]  # one list per room, in the rooms' order


def day_grid(clinic: Clinic, day: date, found: list[Entry], rooms: list[Room]) -> list[HourRow]:
    """Rooms across, hours down; each cell lists what starts in that hour in that room."""
    by_cell: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in found:
        by_cell[(entry.start.hour, entry.appointment.room_id)].append(entry)
    return [
        HourRow(time(hour), [by_cell[(hour, room.id)] for room in rooms])
        for hour in _hour_range(clinic, found, day.weekday())
    ]


@dataclass(frozen=True)
class DayColumn:
    day: date
    entries: list[Entry]


def week_columns(first_day: date, found: list[Entry]) -> list[DayColumn]:
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for entry in found:
        by_day[entry.start.date()].append(entry)
    return [
        DayColumn(first_day + timedelta(days=i), by_day[first_day + timedelta(days=i)])
        for i in range(7)
    ]


def staff_names(user_ids: list[int]) -> dict[int, str]:
    return {
        user.id: user.get_full_name() or user.username
        for user in User.objects.filter(id__in=user_ids)
    }


@dataclass(frozen=True)
class PlanRow:
    number: int
    start: datetime
    end: datetime
    practitioner: str
    room: str
    ideal: date | None

    @property
    def days_off_ideal(self) -> int:
        return (self.start.date() - self.ideal).days if self.ideal else 0

    @property
    def off_ideal(self) -> str:
        """ "1 day early", "2 days late", or nothing on the ideal date."""
        off = self.days_off_ideal
        if not off:
            return ""
        days = f"{abs(off)} day{'s' if abs(off) != 1 else ''}"
        return f"{days} {'late' if off > 0 else 'early'}"


@dataclass(frozen=True)
class PlanNames:
    """The names of the staff and rooms some plans use, read once for all of them."""

    people: dict[int, str]
    rooms: dict[int, str]


def plan_names(clinic: Clinic, *plans: Iterable[Placed]) -> PlanNames:
    """Two queries however many plans are shown: a page lists several, each naming the
    same few practitioners and rooms."""
    people = sorted({int(a.practitioner_id) for placed in plans for a in placed})
    rooms = dict(Room.objects.filter(clinic=clinic).values_list("id", "name"))
    return PlanNames(staff_names(people), rooms)


def plan_rows(placed: Iterable[Placed], names: PlanNames) -> list[PlanRow]:
    """A plan's sessions with names, in the clinic's wall-clock time (as the scheduler has them)."""
    return [
        PlanRow(
            number=a.number,
            start=a.start,
            end=a.end,
            practitioner=names.people.get(int(a.practitioner_id), a.practitioner_id),
            room=names.rooms.get(int(a.room_id), a.room_id),
            ideal=a.ideal,
        )
        for a in placed
    ]
