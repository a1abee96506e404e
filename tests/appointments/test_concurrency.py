"""Two desks booking the same hour for different patients at the same moment: exactly one
wins. Both pass the checker (neither sees the other's uncommitted row); PostgreSQL's
exclusion constraint then refuses the second insert, and its desk is told the time was
just taken. Needs separate connections, so it runs on PostgreSQL."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction

from mesoclinic.appointments import services
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import TAKEN, BookingRefused, course_book
from mesoclinic.clinics.models import Room
from tests.appointments.booking_helpers import course_slots
from tests.conftest import actor

pytestmark = pytest.mark.django_db(transaction=True)


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints and concurrent connections are PostgreSQL's")


def test_two_bookings_of_the_same_hour_race_and_exactly_one_wins(
    next_week_course,
    second_course,
    practitioner,
    front_desk,
    clinic_admin,
    monkeypatch,
):
    needs_postgresql()
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    real_approve = services.approve_slots

    def slow_approve(*args, **kwargs):
        approved = real_approve(*args, **kwargs)
        time.sleep(0.5)  # both desks have been told "free" before either writes
        return approved

    monkeypatch.setattr(services, "approve_slots", slow_approve)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def book(course, user) -> None:
        try:
            start.wait()
            slots = course_slots(course, practitioner, room)
            course_book(actor=actor(user), course_id=course.id, slots=slots)
            outcomes.append("booked")
        except BookingRefused as refused:
            outcomes.append(refused.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book, args=(next_week_course, front_desk)),
        threading.Thread(target=book, args=(second_course, clinic_admin)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted(["booked", TAKEN])
    assert Appointment.objects.filter(status="booked").count() == next_week_course.sessions_planned


def test_the_database_refuses_an_overlapping_row_for_one_practitioner(
    next_week_course,
    second_course,
    practitioner,
    front_desk,
):
    needs_postgresql()
    room_1 = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    room_2 = Room.objects.get(clinic=next_week_course.clinic, name="Room 2")
    [booked, *_] = course_book(
        actor=actor(front_desk),
        course_id=next_week_course.id,
        slots=course_slots(next_week_course, practitioner, room_1),
    )

    overlapping = pytest.raises(IntegrityError, match="appointment_no_overlap_practitioner")
    with overlapping, transaction.atomic():
        Appointment.objects.create(
            clinic=booked.clinic,
            patient=second_course.patient,
            course=second_course,
            number=1,
            practitioner=practitioner,
            room=room_2,
            starts_at=booked.starts_at + timedelta(minutes=30),
            ends_at=booked.ends_at + timedelta(minutes=30),
            held_until=booked.held_until + timedelta(minutes=30),
            booked_by=front_desk,
        )
