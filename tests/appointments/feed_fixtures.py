"""Appointments written straight to the table, and the calendar files read back."""

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.clinics.models import Room

FEED_ADDRESS = re.compile(r"https?://[^\"'\s<]+/calendar/feed/([-\w]+)\.ics")


def book(
    course,
    practitioner,
    starts_at: datetime,
    *,
    number: int,
    status: str = AppointmentStatus.BOOKED,
    replaces: Appointment | None = None,
    room: Room | None = None,
) -> Appointment:
    ends_at = starts_at + timedelta(hours=1)
    return Appointment.objects.create(
        clinic=course.clinic,
        patient=course.patient,
        course=course,
        number=number,
        practitioner=practitioner,
        room=room or Room.objects.filter(clinic=course.clinic).first(),
        starts_at=starts_at,
        ends_at=ends_at,
        held_until=ends_at + timedelta(minutes=course.clinic.buffer_minutes),
        status=status,
        replaces=replaces,
        booked_by=practitioner,
    )


def move(appointment: Appointment, starts_at: datetime, **changes) -> Appointment:
    """Re-place a session the way the clinic does: the old row ends, a new one replaces it."""
    appointment.status = AppointmentStatus.CANCELLED_BY_CLINIC
    appointment.save(update_fields=["status", *appointment.revised()])
    return book(
        appointment.course,
        changes.pop("practitioner", appointment.practitioner),
        starts_at,
        number=appointment.number,
        replaces=appointment,
        **changes,
    )


def next_hour(days: int = 0) -> datetime:
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now + timedelta(days=days, hours=1)


def parse(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def token_in(response) -> str:
    found = FEED_ADDRESS.search(response.content.decode())
    assert found, "the page shows no feed address"
    return found.group(1)
