"""A Riverside course is booked only with Riverside's rooms and practitioners, whoever
books it and however: the booking API, the booking page and the move service."""

import json

import pytest
from django.urls import reverse

from mesoclinic.appointments.booking.forms import slot_token
from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import appointment_move
from mesoclinic.appointments.models import Appointment, BookingWishes
from mesoclinic.appointments.services import BookingRefused, Slot, course_book
from mesoclinic.clinics.models import Room
from mesoclinic.domain.errors import DomainError
from mesoclinic.scheduling.model import Preferences
from tests.appointments.booking_helpers import course_slots
from tests.conftest import actor, client_for

NO_ROOM = "No such room at this clinic"
NO_PRACTITIONER = "No such practitioner at this clinic"


def _sessions(slots):
    return [
        {
            "number": s.number,
            "practitioner_id": s.practitioner_id,
            "room_id": s.room_id,
            "start": s.start.isoformat(timespec="minutes"),
        }
        for s in slots
    ]


def _book_on_api(user, course, slots):
    return client_for(user).post(
        f"/api/v1/courses/{course.id}/appointments",
        json.dumps({"sessions": _sessions(slots)}),
        content_type="application/json",
    )


def test_a_room_of_another_clinic_is_refused_by_the_booking_service(
    both_clinics, next_week_course, hillcrest_room
):
    with pytest.raises(BookingRefused) as refused:
        course_book(
            actor=actor(both_clinics),
            course_id=next_week_course.id,
            slots=course_slots(next_week_course, both_clinics, hillcrest_room),
        )

    assert NO_ROOM in refused.value.message
    assert not Appointment.objects.exists()


def test_a_room_of_another_clinic_is_refused_on_the_booking_api(
    both_clinics, next_week_course, hillcrest_room
):
    slots = course_slots(next_week_course, both_clinics, hillcrest_room)

    answer = _book_on_api(both_clinics, next_week_course, slots)

    assert answer.status_code == 422
    assert NO_ROOM in answer.json()["errors"]["sessions"]
    assert not Appointment.objects.exists()


def test_a_practitioner_of_another_clinic_only_is_refused_on_the_booking_api(
    both_clinics, next_week_course, outsider
):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    slots = course_slots(next_week_course, outsider, room)

    answer = _book_on_api(both_clinics, next_week_course, slots)

    assert answer.status_code == 422
    assert NO_PRACTITIONER in answer.json()["errors"]["sessions"]
    assert not Appointment.objects.exists()


def test_a_room_of_another_clinic_is_refused_on_the_booking_page(
    both_clinics, next_week_course, hillcrest_room
):
    tokens = [slot_token(s) for s in course_slots(next_week_course, both_clinics, hillcrest_room)]

    answer = client_for(both_clinics).post(
        reverse("appointments:course", args=[next_week_course.id]), {"slots": tokens}
    )

    assert answer.status_code == 409
    assert NO_ROOM in answer.content.decode()
    assert not Appointment.objects.exists()


def test_a_booked_session_cannot_move_into_a_room_of_another_clinic(
    both_clinics, next_week_course, hillcrest_room
):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    rows = course_book(
        actor=actor(both_clinics),
        course_id=next_week_course.id,
        slots=course_slots(next_week_course, both_clinics, room),
    )
    moved = _same_times_in(rows[:1], hillcrest_room)

    with pytest.raises(BookingRefused) as refused:
        appointment_move(actor=actor(both_clinics), appointment_id=rows[0].id, slots=moved)

    assert NO_ROOM in refused.value.message
    assert Appointment.objects.get(pk=rows[0].pk).room_id == room.id


def _same_times_in(rows, room):
    return [
        Slot(r.number, r.practitioner_id, room.id, to_wall(r.starts_at, r.clinic), r.ideal_date)
        for r in rows
    ]


def test_a_preferred_practitioner_of_another_clinic_only_is_refused_with_the_booking(
    both_clinics, next_week_course, outsider
):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")

    with pytest.raises(DomainError) as refused:
        course_book(
            actor=actor(both_clinics),
            course_id=next_week_course.id,
            slots=course_slots(next_week_course, both_clinics, room),
            wishes=Preferences(practitioner_id=str(outsider.id)),
        )

    assert refused.value.field == "practitioner_id"
    assert NO_PRACTITIONER in refused.value.message
    assert not Appointment.objects.exists()
    assert not BookingWishes.objects.exists()
