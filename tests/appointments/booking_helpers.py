"""Slots for the tests, built the way the booking page builds them; whole courses booked
and practitioners away, for the repair tests."""

from datetime import date, datetime, time, timedelta

from mesoclinic.appointments.calendar import to_utc, to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import Slot, course_book, sessions_to_book
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Room
from mesoclinic.rota.services import absence_record
from tests.conftest import actor


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


def book_course_around(
    course, desk_user, practitioner_id: int, room_id: int, start: datetime, *, number: int = 1
) -> list:
    """Every session still to book, session `number` at `start` and each other the same
    days from its ideal date and at the same time: the whole course, as it must be booked."""
    ideals = dict(sessions_to_book(course))
    shift = start.date() - ideals[number]
    slots = [
        Slot(n, practitioner_id, room_id, datetime.combine(ideal + shift, start.time()))
        for n, ideal in ideals.items()
    ]
    return course_book(actor=actor(desk_user), course_id=course.id, slots=slots)


def book_whole_course(course, desk_user, practitioner) -> list:
    """Every session still to book, with `practitioner` in Room 1 at 10:00."""
    room = Room.objects.get(clinic=course.clinic, name="Room 1")
    return course_book(
        actor=actor(desk_user),
        course_id=course.id,
        slots=course_slots(course, practitioner, room),
    )


def away(
    course,
    desk_user,
    practitioner,
    first_day: date,
    last_day: date | None = None,
    *,
    kind="sickness",
):
    """The practitioner's absence from `first_day` to `last_day` (the same day if none)."""
    return absence_record(
        actor=actor(desk_user),
        clinic_id=course.clinic_id,
        practitioner_id=practitioner.id,
        first_day=first_day,
        last_day=last_day or first_day,
        kind=kind,
    )


def day_of(row) -> date:
    """An appointment's date by its clinic's clock."""
    return to_wall(row.starts_at, row.clinic).date()


def book_today(course, practitioner, at=time(10), *, booked_by=None):
    """Session 1 of `course` today at `at` on the clinic's clock, with `practitioner`, written
    straight to the calendar: the day's list and the chair need an appointment today, which
    no booking rule lets a test make (it would be off the course's ideal dates)."""
    clinic = course.clinic
    starts = to_utc(datetime.combine(clinic_today(clinic), at), clinic)
    return Appointment.objects.create(
        clinic=clinic,
        patient=course.patient,
        course=course,
        number=1,
        practitioner=practitioner,
        room=Room.objects.filter(clinic=clinic).first(),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        held_until=starts + timedelta(hours=1),
        booked_by=booked_by or practitioner,
    )
