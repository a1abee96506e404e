"""The patient's own changes to her sessions: cancel, move and book, within what her clinic
allows online (`PortalSettings`).

Each service finds the record through her ownership (never a clinic membership: a patient
has none), applies the portal's limits, then goes through the same inner function the desk
uses, so every course rule and the scheduler's checker apply to her changes unchanged.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mesoclinic.appointments.changes import cancel_locked
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import owned_or_404
from mesoclinic.portal.models import settings_for
from mesoclinic.portal.rules import may_change_online


def call_the_clinic(clinic: Clinic) -> str:
    """The words that send her to the phone, with the number when the clinic has one."""
    return f"call the clinic on {clinic.phone}" if clinic.phone else "call the clinic"


def window_closed_message(clinic: Clinic, hours: int) -> str:
    return (
        f"Online changes close {hours} hours before the appointment: to change or cancel "
        f"it now, please {call_the_clinic(clinic)}."
    )


def her_booked_appointment(patient: Patient, appointment_id: int) -> Appointment:
    """Her booked appointment, locked for the change; any other (hers but already
    cancelled or held, or not hers) is 404."""
    row = owned_or_404(
        Appointment.objects.filter(status=AppointmentStatus.BOOKED), patient, id=appointment_id
    )
    return Appointment.objects.select_for_update().select_related("clinic").get(pk=row.pk)


def check_window(row: Appointment, now: datetime) -> None:
    """Refuse once the clinic's cancellation window has closed."""
    hours = settings_for(row.clinic_id).cancel_hours_before
    if not may_change_online(row.starts_at, now, hours):
        raise DomainError("appointment", window_closed_message(row.clinic, hours))


@transaction.atomic
def appointment_cancel_by_patient(
    *, actor: Actor, patient: Patient, appointment_id: int, now: datetime | None = None
) -> Appointment:
    """She cancels one of her booked sessions while the window is open, through the desk's
    own cancellation rules. The session then waits to be booked again, as after any
    cancellation."""
    row = her_booked_appointment(patient, appointment_id)
    check_window(row, now or timezone.now())
    return cancel_locked(
        actor=actor, row=row, status=AppointmentStatus.CANCELLED_BY_PATIENT, reason=""
    )
