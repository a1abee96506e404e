"""Booking a whole course: all sessions or none, each checked against the clinic's hours,
the rota, the rooms, other bookings and the course's gap rules."""

from datetime import datetime, time, timedelta

import pytest

from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import BookingRefused, Slot, course_book, sessions_to_book
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
    first = course_slots(next_week_course, practitioner, room)[0]
    theirs = course_slots(second_course, practitioner, room)[0]
    assert theirs.start == first.start
    course_book(actor=actor(front_desk), course_id=second_course.id, slots=[theirs])

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=[first])

    assert "is booked 10:00–11:00" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_two_sessions_less_than_the_minimum_interval_apart_are_refused(
    next_week_course, practitioner, front_desk, room
):
    one, two = course_slots(next_week_course, practitioner, room)[:2]
    squeezed = Slot(
        two.number, two.practitioner_id, two.room_id, one.start + timedelta(days=5), two.ideal
    )

    with pytest.raises(BookingRefused) as refused:
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=[one, squeezed])

    assert "7" in refused.value.message
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_a_session_in_the_past_is_refused(next_week_course, practitioner, front_desk, room):
    first = course_slots(next_week_course, practitioner, room)[0]
    past = Slot(
        first.number,
        first.practitioner_id,
        first.room_id,
        first.start - timedelta(days=30),
        first.ideal,
    )

    with pytest.raises(BookingRefused, match="past"):
        course_book(actor=actor(front_desk), course_id=next_week_course.id, slots=[past])


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
