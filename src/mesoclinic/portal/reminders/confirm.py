"""The patient says she is coming, or cancels, from a reminder's links or the portal.

A link is the patient's proof of who she is for the one appointment it names; the portal
is her signed-in account. Both confirm through `appointment_confirm` and cancel through the
portal's own `appointment_cancel_by_patient` (its window rule, then the desk's cancellation
rules), so a link can do nothing her account could not.
"""

from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.booking.changes import appointment_cancel_by_patient, her_booked_appointment
from mesoclinic.portal.links import LinkRefused, link_find, link_peek, link_spend
from mesoclinic.portal.models import LinkPurpose, PatientAccount, PatientLink

VIA_LINK = "link"
# The user the audit trail names for a patient without a portal account who acts through
# an emailed link (the row's patient says who she is). Inactive, without a password or a
# clinic membership: it signs in nowhere and reads nothing.
LINK_USERNAME = "patient-by-email-link"


def link_actor(patient: Patient, ip: str | None) -> Actor:
    """Who acted through a link: her portal account when she has one."""
    account = PatientAccount.objects.filter(patient=patient).select_related("user").first()
    if account is not None:
        return Actor(user=account.user, ip=ip, via=VIA_LINK)
    user, created = User.objects.get_or_create(
        username=LINK_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif user.is_active or user.has_usable_password():
        # Someone's real account took the name: never let a link act as that person.
        raise ImproperlyConfigured(f"The username {LINK_USERNAME} is taken by a real account.")
    return Actor(user=user, ip=ip, via=VIA_LINK)


def appointment_confirm(*, actor: Actor, row: Appointment, now: datetime) -> Appointment:
    """Record that she is coming, for a booked appointment the caller found through her
    ownership and locked. Confirming twice keeps the first time; inside the caller's
    transaction."""
    if row.status != AppointmentStatus.BOOKED or row.starts_at <= now:
        raise DomainError("appointment", "Only an appointment still to come can be confirmed.")
    if row.confirmed_at is None:
        row.confirmed_at = now
        row.save(update_fields=["confirmed_at", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"appointment {row.id} confirmed",
            clinic_id=row.clinic_id,
            patient_id=row.patient_id,
        )
    return row


@transaction.atomic
def appointment_confirm_by_patient(
    *, actor: Actor, patient: Patient, appointment_id: int, now: datetime | None = None
) -> Appointment:
    """The portal's Confirm button: one of her booked appointments (else 404)."""
    row = her_booked_appointment(patient, appointment_id)
    return appointment_confirm(actor=actor, row=row, now=now or timezone.now())


def _appointment_of(link: PatientLink, *, lock: bool) -> Appointment:
    """The booked appointment the link names, still hers and still booked. A link naming
    no appointment of its patient opens nothing ("unknown"); a cancelled or finished one
    makes the link expired: what it offered no longer exists."""
    rows = Appointment.objects.select_related("clinic", "patient")
    if lock:
        rows = rows.select_for_update(of=("self",))
    row = rows.filter(id=link.target_id or 0, patient_id=link.patient_id).first()
    if row is None:
        raise LinkRefused("unknown")
    if row.status != AppointmentStatus.BOOKED or row.patient.status != RecordStatus.ACTIVE:
        raise LinkRefused("expired")
    return row


def _confirmable(link: PatientLink, *, lock: bool) -> Appointment:
    """The appointment a confirm link names, at the time the reminder told her. The link
    expires when the appointment starts; one sent for a time the appointment has since
    moved from is refused, so she never confirms a time she was not told."""
    row = _appointment_of(link, lock=lock)
    if link.expires_at != row.starts_at:
        raise LinkRefused("expired")
    return row


def confirm_by_link(*, secret: str, ip: str | None, now: datetime | None = None) -> Appointment:
    """Spend a confirm link and record the confirmation (her button's POST)."""
    now = now or timezone.now()
    with transaction.atomic():
        link = link_spend(purpose=LinkPurpose.CONFIRM_APPOINTMENT, secret=secret)
        row = _confirmable(link, lock=True)
        return appointment_confirm(actor=link_actor(row.patient, ip), row=row, now=now)


def _audited_read(row: Appointment, ip: str | None, what: str) -> Appointment:
    """A link page shows the appointment's day and time: a read of her record, audited
    as every read is."""
    with transaction.atomic():
        audit_record(
            actor=link_actor(row.patient, ip),
            action=Action.READ,
            target=f"appointment {row.id} {what}",
            clinic_id=row.clinic_id,
            patient_id=row.patient_id,
        )
    return row


def confirm_link_appointment(*, secret: str, ip: str | None) -> Appointment:
    """What a confirm link would confirm, for the page that asks her first (never spent
    by a GET: mail scanners open links, and would confirm for her)."""
    link = link_peek(purpose=LinkPurpose.CONFIRM_APPOINTMENT, secret=secret)
    return _audited_read(_confirmable(link, lock=False), ip, "confirm link")


def cancel_link_appointment(*, secret: str, ip: str | None) -> Appointment:
    """What a cancel link would cancel, for the page that asks her first (never spent by
    a GET: mail scanners open links)."""
    link = link_peek(purpose=LinkPurpose.CANCEL_APPOINTMENT, secret=secret)
    return _audited_read(_appointment_of(link, lock=False), ip, "cancel link")


def too_late_to_cancel(
    *, secret: str, ip: str | None, now: datetime | None = None
) -> Appointment | None:
    """The appointment of a cancel link refused only because the cancellation window has
    closed: it is still booked and to come, so she is told to call rather than that the
    link is broken. None for any other refusal."""
    link = link_find(purpose=LinkPurpose.CANCEL_APPOINTMENT, secret=secret)
    if link is None or link.used_at is not None:
        return None
    try:
        row = _appointment_of(link, lock=False)
    except LinkRefused:
        return None
    if row.starts_at <= (now or timezone.now()):
        return None
    return _audited_read(row, ip, "cancel link, window closed")


def cancel_by_link(*, secret: str, ip: str | None, now: datetime | None = None) -> Appointment:
    """Spend a cancel link and cancel through the portal's own service: the same window,
    the same rules. A refusal (the window closed) rolls the link's use back with it, so
    the link stays as it was."""
    with transaction.atomic():
        link = link_spend(purpose=LinkPurpose.CANCEL_APPOINTMENT, secret=secret)
        row = _appointment_of(link, lock=False)
        return appointment_cancel_by_patient(
            actor=link_actor(row.patient, ip),
            patient=row.patient,
            appointment_id=row.id,
            now=now,
        )
