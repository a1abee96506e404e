"""Reminder emails before booked appointments, with a Confirm and a Cancel link.

Each clinic chooses how many hours before (`PortalSettings.reminder_hours_before`, 0 for
none). The producer runs every few minutes: an appointment whose reminder time has come and
that has not started gets one reminder for the time it is booked at; a run that comes late
(the worker was down over a weekend) still sends it, and a second run sends nothing. A
moved appointment is a new time, so it is reminded again.

An email is not a secure channel: the message names the date, the time and the clinic,
never the treatment, the practitioner or the course.
"""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import dateformat

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.clinics.models import Clinic
from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.due import due_producer
from mesoclinic.messaging.models import Message
from mesoclinic.messaging.services import message_queue
from mesoclinic.patients.models import RecordStatus
from mesoclinic.portal.addresses import has_address, patient_address
from mesoclinic.portal.booking.rules import change_closes_at
from mesoclinic.portal.links import link_issue
from mesoclinic.portal.models import LinkPurpose, PortalSettings

KIND = "reminder"
TEMPLATE = "portal/messages/reminder"


def reminder_key(row: Appointment) -> str:
    """One reminder per appointment and booked time."""
    return f"{KIND}:{row.id}:{row.starts_at.isoformat()}"


def clinic_context(clinic: Clinic) -> dict[str, object]:
    """What every message says about the clinic: its name, address and phone (shown as the
    clinic's documents print it, dialled from `clinic_phone` in E.164)."""
    return {
        "clinic_name": clinic.name,
        "clinic_address": clinic.postal_address,
        "clinic_phone": clinic.phone,
        "clinic_phone_shown": clinic.phone_shown,
    }


def _hours_before() -> dict[int, int]:
    """Each clinic's setting; a clinic that never saved its settings has the default."""
    return dict(PortalSettings.objects.values_list("clinic_id", "reminder_hours_before"))


def _cancel_hours() -> dict[int, int]:
    return dict(PortalSettings.objects.values_list("clinic_id", "cancel_hours_before"))


def _candidates(now: datetime, longest: timedelta) -> QuerySet[Appointment]:
    """Booked appointments still to come within the longest reminder time any clinic
    uses, of patients who allow contact and have an address."""
    return (
        Appointment.objects.filter(
            status=AppointmentStatus.BOOKED,
            starts_at__gt=now,
            starts_at__lte=now + longest,
            patient__may_contact=True,
            patient__status=RecordStatus.ACTIVE,
        )
        .filter(has_address("patient__"))
        .select_related("clinic", "patient__account")
        .order_by("starts_at", "id")
    )


@due_producer
def appointment_reminders_due(now: datetime) -> int:
    """Queue the reminders whose time has come; returns how many."""
    hours_before, cancel_hours = _hours_before(), _cancel_hours()
    defaults = PortalSettings()  # a clinic that never saved its settings
    default_hours, default_cancel = defaults.reminder_hours_before, defaults.cancel_hours_before
    due = [
        row
        for row in _candidates(now, timedelta(hours=max(default_hours, *hours_before.values())))
        if (hours := hours_before.get(row.clinic_id, default_hours)) > 0
        and row.starts_at - timedelta(hours=hours) <= now
    ]
    sent = set(
        Message.objects.filter(key__in=[reminder_key(row) for row in due]).values_list(
            "key", flat=True
        )
    )
    queued = 0
    for row in due:
        if reminder_key(row) in sent:
            continue
        reminder_queue(row, now, cancel_hours.get(row.clinic_id, default_cancel))
        queued += 1
    return queued


def _link(row: Appointment, purpose: LinkPurpose, expires_at: datetime, name: str) -> str:
    secret = link_issue(
        patient=row.patient, purpose=purpose, expires_at=expires_at, target_id=row.id
    )
    return absolute_url(reverse(name, args=[secret]))


def reminder_queue(row: Appointment, now: datetime, cancel_hours_before: int) -> Message:
    """One reminder with its links: Confirm until the appointment starts, Cancel until
    the clinic's cancellation window closes (none when it has closed already: the email
    then says to call)."""
    wall = to_wall(row.starts_at, row.clinic)
    closes = change_closes_at(row.starts_at, cancel_hours_before)
    context = {
        **clinic_context(row.clinic),
        "day": dateformat.format(wall, "l j F Y"),
        "time": dateformat.format(wall, "H:i"),
        "confirm_url": _link(
            row, LinkPurpose.CONFIRM_APPOINTMENT, row.starts_at, "portal:link_confirm"
        ),
        "cancel_url": (
            _link(row, LinkPurpose.CANCEL_APPOINTMENT, closes, "portal:link_cancel")
            if closes > now
            else ""
        ),
        "cancel_until": dateformat.format(to_wall(closes, row.clinic), "l j F \\a\\t H:i"),
    }
    return message_queue(
        kind=KIND,
        key=reminder_key(row),
        clinic=row.clinic,
        patient=row.patient,
        to=patient_address(row.patient),
        template=TEMPLATE,
        context=context,
    )
