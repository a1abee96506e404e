"""Putting a booked session on the waitlist, and taking it off. The desk does both for its
clinic's patients; the patient does both for her own sessions in the portal, choosing only
among the practitioners her clinic lets patients book online."""

from collections.abc import Collection
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from mesoclinic.access import get_in_clinics_or_404, scoped
from mesoclinic.appointments.calendar import practitioner_ids
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.selectors import SCHEDULE
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.courses.models import OPEN_STATES
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import owned_or_404
from mesoclinic.portal.models import settings_for
from mesoclinic.scheduling.model import PartOfDay
from mesoclinic.waitlist.models import EntrySource, EntryState, WaitlistEntry


@dataclass(frozen=True)
class Wishes:
    weekdays: frozenset[int] = frozenset()  # 0 = Monday; empty: any
    part_of_day: str = ""  # "morning", "afternoon" or "" for any
    practitioner_ids: frozenset[int] = frozenset()  # empty: any allowed


def portal_practitioner_ids(clinic_id: int) -> set[int]:
    """The practitioners a patient may choose: those her clinic lets her book online."""
    chosen = settings_for(clinic_id)
    if chosen.pk is None:
        return set()
    return set(chosen.online_practitioners.values_list("id", flat=True))


def _check_wishes(wishes: Wishes, allowed: Collection[int]) -> None:
    if any(day not in range(7) for day in wishes.weekdays):
        raise DomainError("weekdays", "Choose weekdays from Monday to Sunday.")
    if wishes.part_of_day and wishes.part_of_day not in set(PartOfDay):
        raise DomainError("part_of_day", "Choose morning, afternoon or any time of day.")
    if not wishes.practitioner_ids <= set(allowed):
        raise DomainError("practitioners", "Choose among the practitioners listed.")


def _check_appointment(row: Appointment) -> None:
    if row.status != AppointmentStatus.BOOKED or row.starts_at <= timezone.now():
        raise DomainError(
            "appointment", "Only a booked session still to come can wait for an earlier time."
        )
    if row.course.state not in OPEN_STATES:
        raise DomainError("appointment", "The course is not open: its sessions do not move.")


def _create(actor: Actor, row: Appointment, wishes: Wishes, source: str) -> WaitlistEntry:
    try:
        with transaction.atomic():  # a savepoint: a twin request's entry wins
            entry = WaitlistEntry.objects.create(
                clinic_id=row.clinic_id,
                patient_id=row.patient_id,
                appointment=row,
                weekdays=sorted(wishes.weekdays),
                part_of_day=wishes.part_of_day,
                source=source,
                created_by=actor.user,
            )
    except IntegrityError as twin:
        raise DomainError("appointment", "This session is already on the waitlist.") from twin
    entry.practitioners.set(sorted(wishes.practitioner_ids))
    audit_record(
        actor=actor,
        action=Action.CREATE,
        target=f"waitlist entry {entry.id} for appointment {row.id}",
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
    )
    return entry


@transaction.atomic
def waitlist_entry_create(*, actor: Actor, appointment_id: int, wishes: Wishes) -> WaitlistEntry:
    """The desk puts one of its clinic's booked sessions on the waitlist."""
    found = get_in_clinics_or_404(
        scoped(Appointment.objects.all(), actor, SCHEDULE), id=appointment_id
    )
    row = Appointment.objects.select_for_update().select_related("course").get(pk=found.pk)
    _check_appointment(row)
    _check_wishes(wishes, practitioner_ids(row.clinic))
    return _create(actor, row, wishes, EntrySource.DESK)


@transaction.atomic
def waitlist_entry_create_by_patient(
    *, actor: Actor, patient: Patient, appointment_id: int, wishes: Wishes
) -> WaitlistEntry:
    """She puts one of her own booked sessions on the waitlist from the portal."""
    found = owned_or_404(Appointment.objects.all(), patient, id=appointment_id)
    row = Appointment.objects.select_for_update().select_related("course").get(pk=found.pk)
    _check_appointment(row)
    _check_wishes(wishes, portal_practitioner_ids(row.clinic_id))
    return _create(actor, row, wishes, EntrySource.PORTAL)


def _withdraw(actor: Actor, entry: WaitlistEntry) -> WaitlistEntry:
    if entry.state != EntryState.WAITING:
        raise DomainError("entry", "This session is no longer waiting for an earlier time.")
    entry.state = EntryState.WITHDRAWN
    entry.closed_at = timezone.now()
    entry.save(update_fields=["state", "closed_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        target=f"waitlist entry {entry.id} withdrawn",
        clinic_id=entry.clinic_id,
        patient_id=entry.patient_id,
    )
    return entry


@transaction.atomic
def waitlist_entry_withdraw(*, actor: Actor, entry_id: int) -> WaitlistEntry:
    found = get_in_clinics_or_404(scoped(WaitlistEntry.objects.all(), actor, SCHEDULE), id=entry_id)
    return _withdraw(actor, WaitlistEntry.objects.select_for_update().get(pk=found.pk))


@transaction.atomic
def waitlist_entry_withdraw_by_patient(
    *, actor: Actor, patient: Patient, entry_id: int
) -> WaitlistEntry:
    found = owned_or_404(WaitlistEntry.objects.all(), patient, id=entry_id)
    return _withdraw(actor, WaitlistEntry.objects.select_for_update().get(pk=found.pk))
