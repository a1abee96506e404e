"""SEQUENCE and LAST-MODIFIED in the calendar files come from the appointments' own
changes: the same from fetch to fetch, one higher after each move or cancellation, and
higher after a sick-day repair."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.calendar_files.feeds import calendar_feed_create
from mesoclinic.appointments.changes import appointment_cancel, appointment_move
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import Slot, course_book
from mesoclinic.clinics.models import Room
from tests.appointments.booking_helpers import away, course_slots, day_of
from tests.appointments.calendar_readers import read_with_ical_js, read_with_icalendar
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(next_week_course, front_desk, practitioner):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    rows = course_book(
        actor=actor(front_desk),
        course_id=next_week_course.id,
        slots=course_slots(next_week_course, practitioner, room),
    )
    # Booked yesterday, so a change today has a later LAST-MODIFIED to the second.
    Appointment.objects.update(updated_at=timezone.now() - timedelta(days=1))
    return rows


@pytest.fixture
def feed_token(bookable, practitioner) -> str:
    _feed, token = calendar_feed_create(actor=actor(practitioner), clinic_id=bookable.id)
    return token


def fetch_feed(token: str) -> bytes:
    response = Client().get(reverse("feeds:feed", kwargs={"token": token}))
    assert response.status_code == 200
    return response.content


def fetch_course_file(user, course) -> bytes:
    url = reverse("feeds:course", kwargs={"course_id": course.id})
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.content


def versions(body: bytes) -> dict[str, tuple[int, object]]:
    """SEQUENCE and LAST-MODIFIED by UID, as ical.js reads them; icalendar agrees."""
    by_ical_js = {uid: (r.sequence, r.last_modified) for uid, r in read_with_ical_js(body).items()}
    by_icalendar = {
        uid: (r.sequence, r.last_modified) for uid, r in read_with_icalendar(body).items()
    }
    assert by_ical_js == by_icalendar
    return by_ical_js


def to_room_two(row: Appointment) -> Slot:
    room = Room.objects.get(clinic=row.clinic, name="Room 2")
    start = to_wall(row.starts_at, row.clinic).replace(tzinfo=None)
    return Slot(row.number, row.practitioner_id, room.id, start)


def test_fetching_the_feed_twice_gives_the_same_sequence_and_last_modified(booked, feed_token):
    first = versions(fetch_feed(feed_token))
    again = versions(fetch_feed(feed_token))

    assert len(first) == len(booked)
    assert again == first
    assert all(modified is not None for _sequence, modified in first.values())


def test_moving_a_session_raises_the_sequence_by_one_and_changes_last_modified(
    booked, feed_token, front_desk, next_week_course
):
    feed_before = versions(fetch_feed(feed_token))
    file_before = versions(fetch_course_file(front_desk, next_week_course))

    moved = booked[1]
    appointment_move(actor=actor(front_desk), appointment_id=moved.id, slots=[to_room_two(moved)])
    feed_after = versions(fetch_feed(feed_token))
    file_after = versions(fetch_course_file(front_desk, next_week_course))

    assert Appointment.objects.get(pk=moved.pk).revision == 1
    for before, after in ((feed_before, feed_after), (file_before, file_after)):
        assert after.keys() == before.keys()
        for uid, (sequence, modified) in after.items():
            assert sequence == before[uid][0] + 1
            assert modified > before[uid][1]


def test_cancelling_a_session_raises_the_sequence_by_one(
    booked, feed_token, front_desk, next_week_course
):
    feed_before = versions(fetch_feed(feed_token))
    file_before = versions(fetch_course_file(front_desk, next_week_course))

    appointment_cancel(
        actor=actor(front_desk), appointment_id=booked[0].id, status="cancelled_patient"
    )
    feed_after = versions(fetch_feed(feed_token))
    file_after = versions(fetch_course_file(front_desk, next_week_course))

    assert Appointment.objects.get(pk=booked[0].pk).revision == 1
    assert {uid: s + 1 for uid, (s, _m) in feed_before.items()} == {
        uid: s for uid, (s, _m) in feed_after.items()
    }
    assert {uid: s + 1 for uid, (s, _m) in file_before.items()} == {
        uid: s for uid, (s, _m) in file_after.items()
    }


def test_an_unchanged_appointment_keeps_revision_zero_when_booked(booked):
    assert {row.revision for row in Appointment.objects.filter(pk__in=[r.pk for r in booked])} == {
        0
    }


def test_a_session_moved_to_a_colleague_for_a_sick_day_raises_the_sequence(
    booked, front_desk, practitioner, colleague, next_week_course
):
    file_before = versions(fetch_course_file(front_desk, next_week_course))
    absence = away(next_week_course, front_desk, practitioner, day_of(booked[1]))
    repair = reverse("appointments:absence_repair", kwargs={"absence_id": absence.id})
    desk = client_for(front_desk)
    page = desk.get(repair).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)

    assert desk.post(repair, {"fingerprint": fingerprint}).status_code == 200
    file_after = versions(fetch_course_file(front_desk, next_week_course))

    moved = Appointment.objects.get(pk=booked[1].pk)
    assert moved.practitioner_id == colleague.id
    assert moved.revision >= 1
    assert all(after[0] > file_before[uid][0] for uid, after in file_after.items())
    assert all(after[1] > file_before[uid][1] for uid, after in file_after.items())
