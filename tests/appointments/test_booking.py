"""Booking a whole course: all sessions or none, each checked against the clinic's hours,
the rota, the rooms, other bookings and the course's gap rules."""

from datetime import datetime, time, timedelta

import pytest

from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import (
    BookingRefused,
    Slot,
    course_book,
    insert_appointment,
    sessions_to_book,
)
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Room
from mesoclinic.courses.services import course_stop
from tests.appointments.booking_helpers import course_slots
from tests.conftest import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(bookable):
    return Room.objects.get(clinic=bookable, name="Room 1")


def test_a_whole_course_is_booked_in_one_go(next_week_course, practitioner, front_desk, room):
    slots = course_slots(next_week_course, practitioner, room)

    rows = course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)

    assert [r.number for r in rows] == list(range(1, len(slots) + 1))
    assert Appointment.objects.filter(course=next_week_course, status="booked").count() == len(
        slots
    )
    assert sessions_to_book(next_week_course) == []
    assert AuditEvent.objects.filter(
        target__startswith=f"course {next_week_course.id} booked sessions 1-"
    ).exists()


def test_one_bad_session_books_none_of_them(next_week_course, practitioner, front_desk, room):
    slots = course_slots(next_week_course, practitioner, room)
    late = slots[3]
    slots[3] = Slot(
        late.number,
        late.practitioner_id,
        late.room_id,
        datetime.combine(late.start.date(), time(16, 30)),
        late.ideal,
    )

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)

    weekdays = f"{late.start:%A}s"
    assert f"outside Riverside's hours ({weekdays} 09:00–17:00)" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_a_time_held_by_another_patient_is_refused_and_says_so(
    next_week_course, practitioner, front_desk, room, second_course
):
    mine = course_slots(next_week_course, practitioner, room)
    theirs = course_slots(second_course, practitioner, room)
    assert theirs[0].start == mine[0].start
    course_book(actor=actor(front_desk), course_id=second_course.id, slots=theirs)

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=mine)

    assert "is booked 10:00–11:00" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_two_sessions_less_than_the_minimum_interval_apart_are_refused(
    next_week_course, practitioner, front_desk, room
):
    slots = course_slots(next_week_course, practitioner, room)
    one, two = slots[:2]
    slots[1] = Slot(two.number, two.practitioner_id, two.room_id, one.start + timedelta(days=5))

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)

    assert "7" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_a_session_in_the_past_is_refused(next_week_course, practitioner, front_desk, room):
    slots = course_slots(next_week_course, practitioner, room)
    first = slots[0]
    slots[0] = Slot(
        first.number, first.practitioner_id, first.room_id, first.start - timedelta(days=30)
    )

    with pytest.raises(BookingRefused, match="past"):
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)


def test_a_stopped_course_is_not_booked(next_week_course, practitioner, front_desk, room):
    course_stop(actor=actor(practitioner), course=next_week_course, reason="Patient moved away")

    with pytest.raises(BookingRefused, match="stopped"):
        course_book(
            actor=actor(front_desk),
            course_id=next_week_course.id,
            slots=course_slots(next_week_course, practitioner, room),
        )


def test_another_clinics_staff_cannot_book(next_week_course, practitioner, outsider, room):
    from django.http import Http404

    with pytest.raises(Http404):
        course_book(
            actor=actor(outsider),
            course_id=next_week_course.id,
            slots=course_slots(next_week_course, practitioner, room),
        )


def test_a_session_too_soon_after_the_last_one_held_is_refused(
    next_week_course, practitioner, front_desk, room
):
    # A session held without an appointment (charted on a walk-in) is not on the calendar,
    # but the minimum gap runs from it all the same.
    slots = course_slots(next_week_course, practitioner, room)
    next_week_course.last_session_on = slots[0].start.date() - timedelta(days=3)
    next_week_course.save()

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)

    assert "3 days after the session held on" in refused.value.message
    assert "at least 7 days after it" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def late_by_four_weeks(slots: list[Slot]) -> list[Slot]:
    """Every session four weeks after its ideal date, each slot claiming that as its ideal."""
    return [
        Slot(
            s.number,
            s.practitioner_id,
            s.room_id,
            s.start + timedelta(weeks=4),
            (s.start + timedelta(weeks=4)).date(),
        )
        for s in slots
    ]


def test_a_slot_claiming_its_own_late_start_as_ideal_is_refused(
    next_week_course, practitioner, front_desk, room
):
    slots = late_by_four_weeks(course_slots(next_week_course, practitioner, room))

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)

    assert "days from its ideal date" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_a_slot_without_an_ideal_date_is_still_held_to_its_window(
    next_week_course, practitioner, front_desk, room
):
    slots = [
        Slot(s.number, s.practitioner_id, s.room_id, s.start + timedelta(weeks=4))
        for s in course_slots(next_week_course, practitioner, room)
    ]

    with pytest.raises(BookingRefused, match="days from its ideal date"):
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)


def test_the_ideal_dates_kept_are_the_servers(next_week_course, practitioner, front_desk, room):
    planned = dict(sessions_to_book(next_week_course))
    slots = [
        Slot(s.number, s.practitioner_id, s.room_id, s.start, s.ideal + timedelta(days=1))
        for s in course_slots(next_week_course, practitioner, room)
    ]

    rows = course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)

    assert {r.number: r.ideal_date for r in rows} == planned


def test_booking_only_the_last_session_is_refused_naming_those_missing(
    next_week_course, practitioner, front_desk, room
):
    *_, last = course_slots(next_week_course, practitioner, room)

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=[last])

    assert f"add sessions 1–{last.number - 1}" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_sessions_left_unbooked_before_a_booked_one_are_still_to_book(
    next_week_course, practitioner, front_desk, room
):
    # A course booked in part before every booking had to cover the whole course.
    *earlier, last = course_slots(next_week_course, practitioner, room)
    insert_appointment(actor(front_desk), next_week_course, last, replaces=None)

    assert [n for n, _ in sessions_to_book(next_week_course)] == [s.number for s in earlier]


def test_a_start_off_the_booking_grid_is_refused_naming_the_nearest_times(
    next_week_course, practitioner, front_desk, room
):
    slots = course_slots(next_week_course, practitioner, room, at=time(15, 7))

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)

    assert (
        "Session 1 starts at 15:07, off Riverside's 15-minute booking grid: choose 15:00 or 15:15"
        in refused.value.message
    )


@pytest.mark.parametrize("number", [0, 12])
def test_a_session_number_outside_the_course_is_named_as_such(
    next_week_course, practitioner, front_desk, room, number
):
    slots = course_slots(next_week_course, practitioner, room)
    assert len(slots) == 11
    first = slots[0]
    slots.append(Slot(number, first.practitioner_id, first.room_id, first.start))

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=slots)

    assert refused.value.message == f"Session {number} is not in this course (1–11)."
