"""The clinic's time zone as calendar programs read it: yearly rules where the zone has
them, one RDATE per line otherwise, and every offset the same as the zone data's, read by
ical.js and by Python icalendar from the file's own VTIMEZONE."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Timezone

from mesoclinic.appointments.calendar_files.ics import CalendarEntry, calendar_for
from mesoclinic.appointments.calendar_files.vtimezone import vtimezone
from tests.appointments.calendar_readers import read_with_ical_js, read_with_icalendar

HOUR = timedelta(hours=1)
STAMP = datetime(2026, 1, 15, tzinfo=UTC)


def parts(tzid: str) -> dict[str, list]:
    zone = vtimezone(tzid, date(2025, 1, 1), date(2029, 1, 1))
    return {
        "DAYLIGHT": [p for p in zone.subcomponents if p.name == "DAYLIGHT"],
        "STANDARD": [p for p in zone.subcomponents if p.name == "STANDARD"],
    }


def ruled(components) -> list[tuple[str, str, str, str]]:
    """(local onset, rule, offset from, offset to) of the components with a yearly rule."""
    return [
        (
            p["DTSTART"].dt.strftime("%m-%d %H:%M"),
            p["RRULE"].to_ical().decode(),
            p["TZOFFSETFROM"].to_ical(),
            p["TZOFFSETTO"].to_ical(),
        )
        for p in components
        if "RRULE" in p
    ]


def test_london_summer_time_starts_at_one_on_the_last_sunday_of_march_every_year():
    assert ruled(parts("Europe/London")["DAYLIGHT"]) == [
        ("03-30 01:00", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "+0000", "+0100")
    ]


def test_london_winter_time_starts_at_two_on_the_last_sunday_of_october_every_year():
    assert ruled(parts("Europe/London")["STANDARD"]) == [
        ("10-26 02:00", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "+0100", "+0000")
    ]


def test_new_york_changes_on_the_second_sunday_of_march_and_first_of_november():
    zone = parts("America/New_York")
    assert ruled(zone["DAYLIGHT"]) == [
        ("03-09 02:00", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "-0500", "-0400")
    ]
    assert ruled(zone["STANDARD"]) == [
        ("11-02 02:00", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "-0400", "-0500")
    ]


def test_sydney_summer_time_runs_from_october_to_april():
    zone = parts("Australia/Sydney")
    assert ruled(zone["DAYLIGHT"]) == [
        ("10-05 02:00", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "+1000", "+1100")
    ]
    assert ruled(zone["STANDARD"]) == [
        ("04-06 03:00", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "+1100", "+1000")
    ]


def test_a_zone_without_daylight_saving_has_one_standard_offset():
    zone = parts("Asia/Tokyo")
    assert zone["DAYLIGHT"] == []
    (standard,) = zone["STANDARD"]
    assert standard["TZOFFSETFROM"].to_ical() == standard["TZOFFSETTO"].to_ical() == "+0900"
    assert "RRULE" not in standard
    assert "RDATE" not in standard


def test_every_zone_a_clinic_can_choose_reads_back_at_the_zone_datas_offsets():
    wrong = []
    for tzid in sorted(zoneinfo.available_timezones()):
        body = vtimezone(tzid, date(2025, 1, 1), date(2029, 1, 1)).to_ical()
        # One value per RDATE line: ical.js reads only the first of several.
        assert all(b"," not in line for line in body.splitlines() if line.startswith(b"RDATE"))
        written, data = Timezone.from_ical(body).to_tz(lookup_tzid=False), ZoneInfo(tzid)
        at = datetime(2026, 1, 1, 12, tzinfo=UTC)
        while at.year < 2028:
            if at.astimezone(written).utcoffset() != at.astimezone(data).utcoffset():
                wrong.append((tzid, at))
                break
            at += timedelta(days=3)
    assert wrong == []


def clock_changes(zone: ZoneInfo, years: range) -> list[datetime]:
    at = datetime(years.start, 1, 1, tzinfo=UTC)
    found = []
    while at.year < years.stop:
        if (at + HOUR).astimezone(zone).utcoffset() != at.astimezone(zone).utcoffset():
            found.append(at + HOUR)
        at += HOUR
    return found


def entries_around_changes(tzid: str) -> list[CalendarEntry]:
    """Sessions ending three hours before and starting three hours after each change of
    2026 and 2027 (clinics are closed in the hours a change skips or repeats: Troll's is
    two), and at noon UTC mid-month."""
    zone = ZoneInfo(tzid)
    instants = [
        c + d for c in clock_changes(zone, range(2026, 2028)) for d in (-4 * HOUR, 3 * HOUR)
    ]
    instants += [datetime(y, m, 15, 12, tzinfo=UTC) for y in (2026, 2027) for m in range(1, 13)]
    return [
        CalendarEntry(
            course_id=1,
            number=n,
            starts_at=at,
            ends_at=at + HOUR,
            cancelled=False,
            summary="Session",
            location="Room 1",
        )
        for n, at in enumerate(sorted(instants), start=1)
    ]


@pytest.mark.parametrize(
    "tzid",
    [
        "Europe/London",
        "Europe/Paris",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Tokyo",
        # Negative daylight saving, yearly rules that change, half-hour and two-hour steps.
        "Europe/Dublin",
        "Africa/Casablanca",
        "Asia/Gaza",
        "Australia/Lord_Howe",
        "Antarctica/Troll",
        "America/Santiago",
        "Pacific/Chatham",
    ],
)
def test_ical_js_and_icalendar_read_each_session_at_its_instant_across_clock_changes(tzid):
    entries = entries_around_changes(tzid)
    body = calendar_for(entries, clinic_time_zone=tzid, name="Zone", stamp=STAMP)
    expected = {(e.starts_at, e.ends_at) for e in entries}

    by_ical_js = read_with_ical_js(body)
    by_icalendar = read_with_icalendar(body)

    assert len(by_ical_js) == len(entries)
    assert {(r.start, r.end) for r in by_ical_js.values()} == expected
    assert {(r.start, r.end) for r in by_icalendar.values()} == expected


def test_the_reader_check_fails_when_a_time_names_a_zone_the_file_does_not_define():
    entry = entries_around_changes("Europe/London")[0]
    body = calendar_for([entry], clinic_time_zone="Europe/London", name="Zone", stamp=STAMP)
    calendar = Calendar.from_ical(body)
    calendar.subcomponents = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]

    with pytest.raises(AssertionError, match="does not define"):
        read_with_ical_js(calendar.to_ical())
