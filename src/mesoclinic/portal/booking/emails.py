"""The email that confirms a change she made online: sessions booked, a session moved, a
session cancelled. It goes to her address when she agreed to be contacted, through the
message queue (idempotent: the same change never sends twice), queued in the transaction
of the change itself, so a refused change sends nothing.

An email is not a secure channel: it names the dates, the times and the clinic, and links
to her portal; never the treatment, the course or the practitioner.
"""

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.models import Message
from mesoclinic.messaging.services import message_queue
from mesoclinic.patients.models import Patient
from mesoclinic.portal.addresses import patient_address
from mesoclinic.portal.reminders.due import clinic_context

KIND = "online_change"
TEMPLATE = "portal/messages/online_change"
CHANGES = {"booked", "moved", "cancelled"}


def change_email_queue(
    *, patient: Patient, change: str, rows: Sequence[Appointment]
) -> Message | None:
    """Queue the confirmation of `change` to `rows` (their times as they are now). Call it
    inside the change's transaction. Nothing is sent to a patient without an address or
    who asked not to be contacted."""
    if change not in CHANGES:
        raise ValueError(f"Unknown change {change!r}.")
    to = patient_address(patient)
    if not rows or not to or not patient.may_contact:
        return None
    clinic = rows[0].clinic
    times = [to_wall(row.starts_at, clinic) for row in sorted(rows, key=lambda r: r.starts_at)]
    context = {
        **clinic_context(clinic),
        "change": change,
        "times": [
            {"day": dateformat.format(t, "l j F Y"), "time": dateformat.format(t, "H:i")}
            for t in times
        ],
        # Without the site's address there is no link to give; the email still goes.
        "portal_url": absolute_url(reverse("portal:home")) if settings.SITE_URL else "",
    }
    # One email per change: the rows and the times they were changed to name it, as a
    # digest, since a whole course's rows would not fit the key's column.
    what = ",".join(f"{row.id}@{row.starts_at.isoformat()}" for row in rows)
    digest = hashlib.sha256(what.encode()).hexdigest()
    return message_queue(
        kind=KIND,
        key=f"{KIND}:{change}:{digest}",
        clinic=clinic,
        patient=patient,
        to=to,
        template=TEMPLATE,
        context=context,
    )
