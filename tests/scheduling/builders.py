"""A small, readable calendar to test against: one clinic open Monday to Friday 9:00–17:00,
practitioners p1, p2 ... working the clinic's hours, rooms r1, r2 ... always open."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from mesoclinic.scheduling.model import (
    Appointment,
    Calendar,
    Clinic,
    GapRules,
    Practitioner,
    Room,
    WeeklyHours,
)

MONDAY = date(2027, 3, 1)
WEEKDAYS_9_TO_5: WeeklyHours = {d: ((time(9), time(17)),) for d in range(5)}
WEEKLY = GapRules(cadence_days=7, tolerance_days=2, min_gap_days=7)
FORTNIGHTLY = GapRules(cadence_days=14, tolerance_days=3, min_gap_days=7)


def at(day: date, clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return datetime.combine(day, time(int(hours), int(minutes)))


def clinic(**changes: Any) -> Clinic:
    return replace(Clinic(id="c", hours=WEEKDAYS_9_TO_5, name="Riverside"), **changes)


def practitioner(number: int, **changes: Any) -> Practitioner:
    base = Practitioner(id=f"p{number}", clinic_id="c", shifts=WEEKDAYS_9_TO_5, name=f"Dr {number}")
    return replace(base, **changes)


def room(number: int, **changes: Any) -> Room:
    return replace(Room(id=f"r{number}", clinic_id="c", name=f"Room {number}"), **changes)


def calendar(
    *,
    practitioners: int | list[Practitioner] = 2,
    rooms: int | list[Room] = 2,
    booked: tuple[Appointment, ...] = (),
    **clinic_changes: Any,
) -> Calendar:
    staff = (
        [practitioner(n) for n in range(1, practitioners + 1)]
        if isinstance(practitioners, int)
        else practitioners
    )
    places = [room(n) for n in range(1, rooms + 1)] if isinstance(rooms, int) else rooms
    home = clinic(**clinic_changes)
    return Calendar(
        clinics={home.id: home},
        practitioners={p.id: p for p in staff},
        rooms={r.id: r for r in places},
        booked=booked,
    )


def appointment(
    *,
    course: str = "k1",
    number: int = 1,
    patient: str = "ann",
    practitioner: str = "p1",
    room: str = "r1",
    day: date = MONDAY,
    clock: str = "10:00",
    minutes: int = 60,
    ideal: date | None = None,
) -> Appointment:
    start = at(day, clock)
    return Appointment(
        course_id=course,
        patient_id=patient,
        number=number,
        practitioner_id=practitioner,
        room_id=room,
        start=start,
        end=start + timedelta(minutes=minutes),
        ideal=ideal,
    )


def weekly_course(
    sessions: int, *, first: date = MONDAY, course: str = "k1", **fields: Any
) -> list[Appointment]:
    """A course on its ideal dates, one week apart, same practitioner, room and time."""
    days = [first + timedelta(weeks=n) for n in range(sessions)]
    return [
        appointment(course=course, number=n + 1, day=d, ideal=d, **fields)
        for n, d in enumerate(days)
    ]
