"""Appointments as iCalendar (RFC 5545) files: a practitioner's feed and a patient's course.

Each session of a course keeps one UID however often it is moved or placed again, so a
calendar program that reads an updated file replaces the event instead of adding a second
one. SEQUENCE counts the changes to the course's appointments (see `CourseVersion`), so
it stays the same from fetch to fetch and grows with every move, re-placement or
cancellation: the newer version wins in programs that compare it. LAST-MODIFIED is when
the course's appointments last changed.
Times are written in the clinic's zone with its VTIMEZONE, so a weekly 10:00 session shows
at 10:00 on both sides of a daylight-saving change.

Only what the reader needs is written: no areas, grades, products or notes.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vDuration, vText
from icalendar.enums import CLASS, STATUS

from mesoclinic.appointments.calendar_files.vtimezone import vtimezone
from mesoclinic.appointments.models import ENDED, Appointment, AppointmentStatus

PRODID = "-//mesoclinic//Appointments//EN"
# Unicode categories no calendar text can carry: control characters and lone surrogates.
UNWRITABLE = ("Cc", "Cs")


@dataclass(frozen=True)
class CourseVersion:
    """How often a course's appointments have changed, and when they last did.

    Counted per course rather than per row: the event of a session is shown from another
    row once it is placed again (a new row) or renumbered, and its SEQUENCE must never go
    down. Every row counts one when made and one per change, so the sum only grows."""

    sequence: int
    modified: datetime  # aware


UNCHANGED = CourseVersion(sequence=0, modified=datetime(2020, 1, 1, tzinfo=UTC))


@dataclass(frozen=True)
class CalendarEntry:
    """One session as a calendar shows it."""

    course_id: int
    number: int
    starts_at: datetime  # aware
    ends_at: datetime
    cancelled: bool
    summary: str
    location: str
    description: str = ""
    version: CourseVersion = UNCHANGED


def session_uid(course_id: int, number: int, domain: str) -> str:
    return f"course-{course_id}-session-{number}@{domain}"


def latest_per_session(appointments: Iterable[Appointment]) -> list[Appointment]:
    """The row to show for each session: the live one, else the newest. A calendar file
    holds one event per UID, so a cancelled row and its re-placement cannot both be in it."""
    chosen: dict[tuple[int, int], Appointment] = {}
    for appointment in appointments:
        key = (appointment.course_id, appointment.number)
        held = chosen.get(key)
        if held is None or _rank(appointment) > _rank(held):
            chosen[key] = appointment
    return sorted(chosen.values(), key=lambda row: (row.starts_at, row.pk))


def _rank(appointment: Appointment) -> tuple[bool, int]:
    return (appointment.holding, appointment.pk)


def _cancelled(appointment: Appointment) -> bool:
    # A missed session keeps its event: the time was held, and the diary should say so.
    return appointment.status in ENDED and appointment.status != AppointmentStatus.NO_SHOW


def _attendance(appointment: Appointment) -> str:
    return " (did not attend)" if appointment.status == AppointmentStatus.NO_SHOW else ""


def _entry(
    appointment: Appointment,
    version: CourseVersion,
    summary: str,
    location: str,
    description: str = "",
) -> CalendarEntry:
    return CalendarEntry(
        course_id=appointment.course_id,
        number=appointment.number,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        cancelled=_cancelled(appointment),
        summary=summary + _attendance(appointment),
        location=location,
        description=description,
        version=version,
    )


def practitioner_entry(appointment: Appointment, version: CourseVersion) -> CalendarEntry:
    """For the practitioner's own calendar: first name and initial, and the room."""
    patient = appointment.patient
    initial = f" {patient.family_name[:1]}." if patient.family_name else ""
    summary = f"{patient.given_name}{initial} - session {appointment.number}"
    return _entry(appointment, version, summary, appointment.room.name)


def patient_entry(
    appointment: Appointment, version: CourseVersion, *, sessions: int
) -> CalendarEntry:
    """For the patient's calendar: which session of how many, where and with whom."""
    practitioner = appointment.practitioner
    return _entry(
        appointment,
        version,
        f"Mesotherapy session {appointment.number} of {max(sessions, appointment.number)}",
        f"{appointment.clinic.name}, {appointment.room.name}",
        f"With {practitioner.get_full_name() or practitioner.get_username()}.",
    )


def calendar_for(
    entries: Iterable[CalendarEntry],
    *,
    clinic_time_zone: str,
    name: str,
    stamp: datetime,
    uid_domain: str = "mesoclinic",
    refresh: timedelta | None = None,
) -> bytes:
    """The calendar as bytes. `stamp` (aware) is when the file is made (DTSTAMP);
    `refresh` asks subscribing programs to reload at that interval."""
    zone = ZoneInfo(clinic_time_zone)
    events = list(entries)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property is written as given unless it is typed as text: vText escapes it.
    calendar.add("x-wr-calname", vText(_line(name)))
    calendar.add("x-wr-timezone", clinic_time_zone)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
    calendar.add_component(_time_zone(clinic_time_zone, events, stamp))
    for entry in events:
        calendar.add_component(_event(entry, zone, stamp, uid_domain))
    body: bytes = calendar.to_ical()
    return body


def _line(text: str) -> str:
    """Names as one line of iCalendar text, whatever a row holds: a name saved before names
    were checked may carry line breaks or control characters, which RFC 5545 text cannot
    hold, or a lone surrogate, which UTF-8 cannot: either would break the whole file. Each
    run of them becomes one space."""
    cleaned = "".join(" " if unicodedata.category(char) in UNWRITABLE else char for char in text)
    return " ".join(cleaned.split())


def _time_zone(tzid: str, events: list[CalendarEntry], stamp: datetime) -> Timezone:
    # The rules from a year before the first event to a year after the last: every time
    # in the file is covered, and the component stays a few hundred bytes.
    days = (
        [stamp.date()] + [e.starts_at.date() for e in events] + [e.ends_at.date() for e in events]
    )
    return vtimezone(tzid, date(min(days).year - 1, 1, 1), date(max(days).year + 2, 1, 1))


def _event(entry: CalendarEntry, zone: ZoneInfo, stamp: datetime, uid_domain: str) -> Event:
    event = Event()
    event.add("uid", session_uid(entry.course_id, entry.number, uid_domain))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("sequence", entry.version.sequence)
    event.add("last-modified", entry.version.modified.astimezone(UTC))
    event.add("dtstart", entry.starts_at.astimezone(zone))
    event.add("dtend", entry.ends_at.astimezone(zone))
    event.add("summary", _line(entry.summary))
    event.add("location", _line(entry.location))
    if entry.description:
        event.add("description", _line(entry.description))
    event.add("status", STATUS.CANCELLED if entry.cancelled else STATUS.CONFIRMED)
    # Shared or delegated calendars then show the time as busy, without the patient's name.
    event.add("class", CLASS.PRIVATE)
    event.add("transp", "TRANSPARENT" if entry.cancelled else "OPAQUE")
    return event
