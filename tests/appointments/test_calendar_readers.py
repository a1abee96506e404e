"""The feed and the course file as ical.js and Python icalendar read them: every session on
either side of the spring and autumn clock changes, this year's and next, at the instant
the database holds."""

from datetime import UTC, datetime

import pytest

from mesoclinic.appointments.calendar_files.feeds import (
    access_course_calendar,
    access_feed_calendar,
    calendar_feed_create,
)
from tests.appointments.calendar_readers import read_with_ical_js, read_with_icalendar
from tests.appointments.feed_fixtures import book
from tests.conftest import actor

pytestmark = pytest.mark.django_db

# Riverside is in Europe/London: clocks go forward on 29 March 2026 and 28 March 2027 and
# back on 25 October 2026 and 31 October 2027. 10:00 local is 10:00 UTC in winter, 09:00
# in summer.
SESSIONS = [
    datetime(2026, 3, 26, 10, tzinfo=UTC),
    datetime(2026, 4, 2, 9, tzinfo=UTC),
    datetime(2026, 10, 22, 9, tzinfo=UTC),
    datetime(2026, 10, 29, 10, tzinfo=UTC),
    datetime(2027, 3, 25, 10, tzinfo=UTC),
    datetime(2027, 4, 1, 9, tzinfo=UTC),
    datetime(2027, 10, 28, 9, tzinfo=UTC),
    datetime(2027, 11, 4, 10, tzinfo=UTC),
]
# A feed shows the last month and the year ahead: from here, the first six sessions.
FEED_MADE = datetime(2026, 4, 20, tzinfo=UTC)


@pytest.fixture
def sessions(course, practitioner):
    return [
        book(course, practitioner, starts_at, number=n)
        for n, starts_at in enumerate(SESSIONS, start=1)
    ]


def instants(reads) -> list[tuple[datetime, datetime]]:
    return sorted((read.start, read.end) for read in reads.values())


def held(rows) -> list[tuple[datetime, datetime]]:
    return sorted((row.starts_at, row.ends_at) for row in rows)


def test_the_course_file_reads_at_the_databases_instants_across_both_clock_changes(
    course, practitioner, sessions
):
    _course, body = access_course_calendar(actor(practitioner), course.id, FEED_MADE)

    assert instants(read_with_ical_js(body)) == held(sessions)
    assert instants(read_with_icalendar(body)) == held(sessions)


def test_the_feed_reads_at_the_databases_instants_across_both_clock_changes(
    riverside, practitioner, sessions
):
    _feed, token = calendar_feed_create(actor=actor(practitioner), clinic_id=riverside.id)

    body = access_feed_calendar(token=token, ip=None, now=FEED_MADE)

    assert instants(read_with_ical_js(body)) == held(sessions[:6])
    assert instants(read_with_icalendar(body)) == held(sessions[:6])
