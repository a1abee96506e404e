"""Slots for the tests, built the way the booking page builds them."""

from datetime import date, datetime, time, timedelta

from mesoclinic.appointments.services import Slot, sessions_to_book


def weekday_near(ideal: date) -> date:
    """The ideal date, or the Monday after when it falls on a weekend (inside the window)."""
    return ideal + timedelta(days=(7 - ideal.weekday()) % 7 if ideal.weekday() >= 5 else 0)


def course_slots(course, practitioner, room, at: time = time(10)) -> list[Slot]:
    """Every session still to book, at `at` on (or just after) its ideal date."""
    return [
        Slot(
            number=number,
            practitioner_id=practitioner.id,
            room_id=room.id,
            start=datetime.combine(weekday_near(ideal), at),
            ideal=ideal,
        )
        for number, ideal in sessions_to_book(course)
    ]
