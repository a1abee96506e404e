"""A weekly 10:00 session stays at 10:00 on the clinic's clock across a daylight-saving
change: the UTC instant moves by the hour instead."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.services import Slot, course_book, sessions_to_book
from mesoclinic.clinics.models import Room
from tests.conftest import actor
from tests.courses.conftest import plan

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def next_clock_change(after: date) -> date:
    """The first day after `after` whose noon offset differs from the day before's."""
    day = after
    while True:
        day += timedelta(days=1)
        today = datetime.combine(day, time(12), LONDON).utcoffset()
        if today != datetime.combine(day - timedelta(days=1), time(12), LONDON).utcoffset():
            return day


def test_a_weekly_ten_oclock_session_stays_at_ten_across_the_clock_change(
    bookable, grade_two, patient, practitioner, front_desk, today
):
    change = next_clock_change(today + timedelta(days=14))  # so the first Monday is ahead
    monday_before = change - timedelta(days=change.weekday() + 7)
    course = plan(patient, practitioner, starts_on=monday_before, sessions=3, reason="Short")
    room = Room.objects.get(clinic=bookable, name="Room 1")
    slots = [
        Slot(number, practitioner.id, room.id, datetime.combine(ideal, time(10)), ideal)
        for number, ideal in sessions_to_book(course)
    ]

    rows = course_book(actor=actor(front_desk), course_id=course.id, slots=slots)

    assert [to_wall(r.starts_at, bookable).time() for r in rows] == [time(10)] * 3
    offsets = {r.starts_at.astimezone(LONDON).utcoffset() for r in rows}
    assert len(offsets) == 2
    assert len({r.starts_at.astimezone(ZoneInfo("UTC")).hour for r in rows}) == 2
