"""Every change to a patient's record: one transaction, one audit row."""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mesoclinic.access import Capability, access_clinic
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.domain.plausible import text_problem
from mesoclinic.patients.models import Patient, RecordStatus

EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "phone",
    "email",
    "preferred_language",
    "may_contact",
)


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def _check(patient: Patient) -> None:
    for name in ("given_name", "family_name"):
        if (problem := text_problem(getattr(patient, name))) is not None:
            raise ValidationError({name: problem})
    if patient.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "The date of birth cannot be in the future."})
    if patient.date_of_birth < date(1900, 1, 1):
        raise ValidationError({"date_of_birth": "Check the year of birth."})
    patient.full_clean(exclude=["clinic", "created_by"])


def patient_create(*, actor: Actor, clinic_id: int, **fields: Any) -> Patient:
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
        patient = Patient(
            clinic=clinic,
            created_by=actor.user,
            **{name: fields[name] for name in EDITABLE_FIELDS if name in fields},
        )
        patient.phone_digits = phone_digits(patient.phone)
        _check(patient)
        patient.save()
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target="patient",
            clinic_id=clinic.id,
            patient_id=patient.id,
        )
    return patient


def patient_update(*, actor: Actor, patient: Patient, **fields: Any) -> Patient:
    """Demographics are kept current (they are not a signed record); the audit row names
    the fields that changed, not their values."""
    with transaction.atomic():
        changed = [
            name
            for name in EDITABLE_FIELDS
            if name in fields and getattr(patient, name) != fields[name]
        ]
        for name in changed:
            setattr(patient, name, fields[name])
        patient.phone_digits = phone_digits(patient.phone)
        _check(patient)
        patient.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"patient: {', '.join(changed) or 'no change'}",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return patient


def patient_mark_entered_in_error(*, actor: Actor, patient: Patient, reason: str) -> Patient:
    if not reason.strip():
        raise ValidationError({"reason": "Say why this record was entered in error."})
    with transaction.atomic():
        patient.status = RecordStatus.ENTERED_IN_ERROR
        patient.status_reason = reason.strip()
        patient.save(update_fields=["status", "status_reason"])
        audit_record(
            actor=actor,
            action=Action.ENTERED_IN_ERROR,
            target="patient",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return patient
