"""The calendar the booking search reads: each live booking on the clinic's wall clock, the
same whichever database converts the times (PostgreSQL does it in the query)."""

from datetime import UTC, datetime, timedelta

import pytest

from mesoclinic.appointments.calendar import booked_between, to_wall
from mesoclinic.appointments.models import AppointmentStatus
from tests.appointments.feed_fixtures import book

pytestmark = pytest.mark.django_db


def test_bookings_either_side_of_a_clock_change_read_at_their_wall_clock_times(
    course, practitioner
):
    # London leaves summer time at 02:00 on Sunday 25 October 2026.
    summer = book(course, practitioner, datetime(2026, 10, 23, 9, 15, tzinfo=UTC), number=1)
    winter = book(course, practitioner, datetime(2026, 10, 30, 9, 15, tzinfo=UTC), number=2)
    book(
        course,
        practitioner,
        datetime(2026, 10, 27, 9, 15, tzinfo=UTC),
        number=3,
        status=AppointmentStatus.CANCELLED_BY_CLINIC,
    )

    found = booked_between(
        course.clinic, datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)
    )

    assert [(a.number, a.start, a.end) for a in found] == [
        (row.number, to_wall(row.starts_at, row.clinic), to_wall(row.ends_at, row.clinic))
        for row in (summer, winter)
    ]
    assert found[0].start.isoformat() == "2026-10-23T10:15:00"  # BST, an hour ahead of UTC
    assert found[1].start.isoformat() == "2026-10-30T09:15:00"  # GMT
    assert found[1].end - found[1].start == timedelta(hours=1)
    assert found[0].course_id == str(course.id)


def test_the_bookings_being_moved_are_left_out(course, practitioner):
    kept = book(course, practitioner, datetime(2026, 10, 23, 9, tzinfo=UTC), number=1)
    moved = book(course, practitioner, datetime(2026, 10, 24, 9, tzinfo=UTC), number=2)

    found = booked_between(
        course.clinic,
        datetime(2026, 10, 20, tzinfo=UTC),
        datetime(2026, 11, 2, tzinfo=UTC),
        leave_out=frozenset({moved.id}),
    )

    assert [a.number for a in found] == [kept.number]
