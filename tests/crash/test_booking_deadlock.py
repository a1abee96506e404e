"""Two desks book the same hours at once, one sending the sessions last first (the API takes
them in any order). Both pass the checker; each inserts its first row, then they meet in
the middle, each waiting on the other's uncommitted row: PostgreSQL breaks the deadlock by
aborting one. Even in the same order, two conflicting inserts checked at the same instant
wait on each other the same way (PostgreSQL's exclusion constraints insert, then check).
The desk whose booking was aborted must read that the time was just taken, like any loser
of the race, not get a server error. PostgreSQL only (exclusion constraints, concurrent
connections); the PostgreSQL run of `make test` runs it."""

import threading
import time

import pytest
from django.db import connection, connections

from mesoclinic.appointments import services
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import TAKEN, BookingRefused, course_book
from mesoclinic.clinics.models import Room
from tests.appointments.booking_helpers import course_slots
from tests.appointments.conftest import bookable, next_week_course, second_course  # noqa: F401
from tests.charting.conftest import grade_two, ready, today  # noqa: F401
from tests.conftest import actor

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_desks_deadlocked_on_the_same_hours_get_one_booking_and_one_time_taken(
    next_week_course,  # noqa: F811
    second_course,  # noqa: F811
    practitioner,
    front_desk,
    clinic_admin,
    monkeypatch,
):
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints and concurrent connections are PostgreSQL's")
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    real_approve, real_insert = services.approve_slots, services.insert_appointment
    approved, first_rows = threading.Barrier(2), threading.Barrier(2)
    inserted: dict[int, int] = {}

    def approve_then_wait(*args, **kwargs):
        slots = real_approve(*args, **kwargs)
        approved.wait(timeout=30)  # both desks were told "free" before either writes
        return slots

    def insert_then_wait(*args, **kwargs):
        row = real_insert(*args, **kwargs)
        me = threading.get_ident()
        inserted[me] = inserted.get(me, 0) + 1
        if inserted[me] == 1:
            first_rows.wait(timeout=30)  # each holds one row before either goes on
        return row

    monkeypatch.setattr(services, "approve_slots", approve_then_wait)
    monkeypatch.setattr(services, "insert_appointment", insert_then_wait)
    outcomes: list[str] = []

    def book(course, user, last_first: bool) -> None:
        try:
            slots = course_slots(course, practitioner, room)
            slots = slots[::-1] if last_first else slots
            course_book(actor=actor(user), course_id=course.id, slots=slots)
            outcomes.append("booked")
        except BookingRefused as refused:
            outcomes.append(refused.message)
        except Exception as error:
            outcomes.append(f"server error: {type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book, args=(next_week_course, front_desk, False)),
        threading.Thread(target=book, args=(second_course, clinic_admin, True)),
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == sorted(["booked", TAKEN]), (outcomes, time.monotonic() - began)
    live = Appointment.objects.filter(status="booked")
    assert live.count() == next_week_course.sessions_planned
    assert live.values("course").distinct().count() == 1
