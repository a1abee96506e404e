"""What the calendar files say: RFC 5545 with the clinic's time zone, one event per
session under a UID that survives a move, and cancellations that calendar programs apply."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from mesoclinic.appointments.calendar_files.feeds import access_course_calendar, uid_domain
from mesoclinic.appointments.calendar_files.ics import CalendarEntry, calendar_for
from mesoclinic.appointments.models import AppointmentStatus
from tests.appointments.calendar_readers import read_with_ical_js
from tests.appointments.feed_fixtures import book, events_by_uid, move, next_hour, parse
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def course_file(user, course) -> Calendar:
    return parse(client_for(user).get(reverse("feeds:course", kwargs={"course_id": course.id})))


def course_file_at(user, course, at: datetime) -> Calendar:
    """The file as made at `at`: later files must win in calendar programs."""
    _course, body = access_course_calendar(actor(user), course.id, at)
    return Calendar.from_ical(body)


def test_the_course_file_is_a_published_calendar_with_the_clinic_time_zone(course, practitioner):
    book(course, practitioner, next_hour(days=2), number=1)

    calendar = course_file(practitioner, course)

    assert calendar["VERSION"] == "2.0"
    assert "mesoclinic" in str(calendar["PRODID"])
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Mesotherapy at Riverside"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)


def test_a_weekly_ten_oclock_session_stays_at_ten_across_the_october_clock_change(
    course, practitioner
):
    # 2025's clocks go back on Sunday 26 October: 10:00 is 09:00 UTC before, 10:00 UTC after.
    before = book(course, practitioner, datetime(2025, 10, 23, 9, tzinfo=UTC), number=1)
    after = book(course, practitioner, datetime(2025, 10, 30, 10, tzinfo=UTC), number=2)

    events = sorted(course_file(practitioner, course).walk("VEVENT"), key=lambda e: e.start)

    assert [event.start.isoformat() for event in events] == [
        "2025-10-23T10:00:00+01:00",
        "2025-10-30T10:00:00+00:00",
    ]
    assert [event.start.astimezone(UTC) for event in events] == [before.starts_at, after.starts_at]
    assert after.starts_at - before.starts_at == timedelta(days=7, hours=1)


def test_a_session_moved_in_place_keeps_its_uid_and_a_later_file_wins(course, practitioner):
    first = book(course, practitioner, next_hour(days=2), number=1)
    second = book(course, practitioner, next_hour(days=9), number=2)
    made = datetime.now(UTC)
    before = events_by_uid(course_file_at(practitioner, course, made))

    second.starts_at = next_hour(days=10)
    second.ends_at = second.held_until = second.starts_at + HOUR
    second.save(update_fields=["starts_at", "ends_at", "held_until", *second.revised()])
    after = events_by_uid(course_file_at(practitioner, course, made + timedelta(minutes=5)))

    assert after.keys() == before.keys()
    by_start = {event.start.astimezone(UTC): uid for uid, event in before.items()}
    kept, moved = by_start[first.starts_at], by_start[next_hour(days=9)]
    assert after[moved].start.astimezone(UTC) == next_hour(days=10)
    assert after[kept].start.astimezone(UTC) == first.starts_at
    assert after[moved]["SEQUENCE"] > before[moved]["SEQUENCE"]


def test_a_session_placed_again_keeps_its_uid_and_shows_once(course, practitioner):
    session = book(course, practitioner, next_hour(days=2), number=1)
    made = datetime.now(UTC)
    (booked,) = course_file_at(practitioner, course, made).walk("VEVENT")

    placed = move(session, next_hour(days=3))
    (after,) = course_file_at(practitioner, course, made + timedelta(minutes=5)).walk("VEVENT")

    assert after["UID"] == booked["UID"]
    assert after["STATUS"] == "CONFIRMED"
    assert after.start.astimezone(UTC) == placed.starts_at
    assert after["SEQUENCE"] > booked["SEQUENCE"]


def test_a_cancelled_session_is_published_as_cancelled_so_calendars_remove_it(course, practitioner):
    session = book(course, practitioner, next_hour(days=2), number=1)
    made = datetime.now(UTC)
    (booked,) = course_file_at(practitioner, course, made).walk("VEVENT")

    session.status = AppointmentStatus.CANCELLED_BY_PATIENT
    session.save(update_fields=["status", *session.revised()])
    (cancelled,) = course_file_at(practitioner, course, made + timedelta(minutes=5)).walk("VEVENT")

    assert booked["STATUS"] == "CONFIRMED"
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["TRANSP"] == "TRANSPARENT"
    assert cancelled["UID"] == booked["UID"]
    assert cancelled["SEQUENCE"] > booked["SEQUENCE"]


def test_a_cancelled_session_placed_again_shows_only_the_new_booking(course, practitioner):
    session = book(course, practitioner, next_hour(days=2), number=1)
    session.status = AppointmentStatus.CANCELLED_BY_CLINIC
    session.save()

    book(course, practitioner, next_hour(days=3), number=1, replaces=session)
    (placed,) = course_file(practitioner, course).walk("VEVENT")

    assert placed["STATUS"] == "CONFIRMED"
    assert placed.start.astimezone(UTC) == next_hour(days=3)


def test_the_course_file_names_the_session_the_clinic_the_room_and_the_practitioner(
    course, practitioner
):
    practitioner.first_name, practitioner.last_name = "Mary", "Seacole"
    practitioner.save()
    book(course, practitioner, next_hour(days=2), number=3)

    (event,) = course_file(practitioner, course).walk("VEVENT")

    planned = course.sessions_planned
    assert event["SUMMARY"] == f"Mesotherapy session 3 of {planned}"
    assert event["LOCATION"] == "Riverside, Room 1"
    assert "Mary Seacole" in event["DESCRIPTION"]
    assert event["CLASS"] == "PRIVATE"


def test_a_no_show_keeps_its_event_and_says_so(course, practitioner):
    book(course, practitioner, next_hour(days=-2), number=1, status=AppointmentStatus.NO_SHOW)

    (event,) = course_file(practitioner, course).walk("VEVENT")

    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"].endswith("(did not attend)")


def test_an_empty_calendar_still_carries_its_time_zone():
    body = calendar_for(
        [], clinic_time_zone="America/New_York", name="Empty", stamp=datetime.now(UTC)
    )

    calendar = Calendar.from_ical(body)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert calendar.walk("VEVENT") == []


def test_the_time_zone_covers_every_event_in_the_file():
    late = datetime(2045, 7, 1, 9, tzinfo=UTC)
    entry = CalendarEntry(
        course_id=1,
        number=1,
        starts_at=late,
        ends_at=late + timedelta(hours=1),
        cancelled=False,
        summary="x",
        location="Room 1",
    )

    body = calendar_for(
        [entry], clinic_time_zone="Europe/London", name="Late", stamp=datetime.now(UTC)
    )

    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert event.start.isoformat() == "2045-07-01T10:00:00+01:00"
    # Read through the file's own VTIMEZONE, not the reader's zone data.
    (read,) = read_with_ical_js(body).values()
    assert read.start == late


def test_uids_name_the_installation_by_its_configured_host_not_the_address_used(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".clinic.example", "*"]
    assert uid_domain() == "clinic.example"

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert uid_domain() == "mesoclinic"


def test_a_line_break_saved_in_a_name_does_not_break_the_course_file(course, practitioner):
    # Names saved before names were checked may hold line breaks and control characters
    # (a bell here: PostgreSQL stores no NUL, SQLite does; the writer's own test covers NUL).
    course.clinic.name = "River\nside"
    course.clinic.save()
    practitioner.first_name, practitioner.last_name = "Mary\r\n", "Sea\x07cole"
    practitioner.save()
    session = book(course, practitioner, next_hour(days=2), number=1)
    session.room.name = "Room\t\n1"
    session.room.save()

    response = client_for(practitioner).get(
        reverse("feeds:course", kwargs={"course_id": course.id})
    )

    calendar = parse(response)
    assert calendar["X-WR-CALNAME"] == "Mesotherapy at River side"
    (event,) = calendar.walk("VEVENT")
    assert event["LOCATION"] == "River side, Room 1"
    assert event["DESCRIPTION"] == "With Mary Sea cole."
    assert b"\x07" not in response.content
    (read,) = read_with_ical_js(response.content).values()
    assert read.start == session.starts_at


def test_the_calendar_name_is_escaped_as_text():
    body = calendar_for(
        [], clinic_time_zone="Europe/London", name="North; South, East", stamp=datetime.now(UTC)
    )

    assert b"X-WR-CALNAME:North\\; South\\, East\r\n" in body


def test_no_character_a_name_may_hold_breaks_the_file():
    starts = datetime(2031, 3, 4, 10, tzinfo=UTC)
    entry = CalendarEntry(
        course_id=1,
        number=1,
        starts_at=starts,
        ends_at=starts + HOUR,
        cancelled=False,
        summary="Ada\x00 L.\ud800 - session 1",
        location="Room\r1\x7f",
        description="With\u2028Mary\x1b.",
    )

    body = calendar_for(
        [entry], clinic_time_zone="Europe/London", name="River\r\nside\ud800", stamp=starts
    )

    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert (event["SUMMARY"], event["LOCATION"]) == ("Ada L. - session 1", "Room 1")
    (read,) = read_with_ical_js(body).values()
    assert read.start == starts
