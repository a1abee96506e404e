"""Reminders for Ada's course booked whole by the desk (`booked`, from the portal's booking
fixtures: Riverside with a phone, a 24-hour cancellation window, reminders 48 hours before).
The reminder producer runs with a clock the test sets; the links it puts in the email are
read back from the message, as the patient would click them."""

import re
from datetime import datetime, timedelta

import pytest

from mesoclinic.appointments.models import Appointment
from mesoclinic.messaging.models import Message
from mesoclinic.portal.reminders.due import appointment_reminders_due
from tests.portal.booking.conftest import (  # noqa: F401
    CLINIC_PHONE,
    ada_account,
    ada_client,
    bea,
    bea_client,
    bookable,
    booked,
    grace_client,
    grade_two,
    next_week_course,
    online,
    ready,
    today,
)
from tests.tasks.queue_helpers import run_queue  # noqa: F401

ADDRESS = "1 River Walk\nLondon SE1 9AA"


@pytest.fixture
def addressed(online):  # noqa: F811
    """Riverside has an address for its emails."""
    clinic = online.clinic
    clinic.postal_address = ADDRESS
    clinic.save(update_fields=["postal_address"])
    return clinic


def remind(now: datetime) -> int:
    """One run of the reminder producer at `now`; how many it queued."""
    return appointment_reminders_due(now)


def reminders_for(row: Appointment) -> list[Message]:
    return list(Message.objects.filter(kind="reminder", key__startswith=f"reminder:{row.id}:"))


def links_in(message: Message) -> dict[str, str]:
    """The link paths of the email's text part, by what they do ("confirm", "cancel")."""
    found = re.findall(
        r"https://clinic\.example(/portal/l/(confirm|cancel)/[^/\s]+/)", message.text
    )
    return {purpose: path for path, purpose in found}


def reminded(row: Appointment) -> dict[str, str]:
    """The links of the reminder for `row`, sent 30 hours before it (the window is open)."""
    remind(row.starts_at - timedelta(hours=30))
    [message] = reminders_for(row)
    return links_in(message)
