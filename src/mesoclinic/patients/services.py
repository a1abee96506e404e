"""Every change to a patient's record: one transaction, one audit row."""

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
from mesoclinic.patients.duplicates import PossibleDuplicates, phone_digits, possible_duplicates
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.phone import PhoneError, phone_e164, phone_message

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


def _phone_problem(patient: Patient) -> str | None:
    """Puts the phone in E.164, read as the clinic's country dials it (the one place every
    path, page, API or command, goes through); says what is wrong when it cannot."""
    country = patient.clinic.country
    try:
        patient.phone = phone_e164(patient.phone, country)
    except PhoneError:
        return phone_message(country)
    patient.phone_digits = phone_digits(patient.phone)
    return None


def patient_check(patient: Patient, *, phone: bool = True) -> None:
    """Refuse the record with every problem at once (a ValidationError by field). It
    writes nothing: the patient pages also ask it while other fields still need fixing.
    `phone` normalises the number first (a number saved before numbers were checked
    stays as it is until it is edited)."""
    errors: dict[str, list[str]] = {}
    if phone and patient.clinic_id is not None and (problem := _phone_problem(patient)):
        errors["phone"] = [problem]
    for name in ("given_name", "family_name"):
        if (text := text_problem(getattr(patient, name) or "")) is not None:
            errors[name] = [text]
    born = patient.date_of_birth
    if born is not None and born > timezone.localdate():
        errors["date_of_birth"] = ["The date of birth cannot be in the future."]
    elif born is not None and born < date(1900, 1, 1):
        errors["date_of_birth"] = ["Check the year of birth."]
    try:
        patient.full_clean(exclude=["clinic", "created_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# The fields the look-alike check compares: an edit of any of them may make her look like
# another patient, an edit of the others cannot.
LOOK_ALIKE_FIELDS = ("given_name", "family_name", "date_of_birth", "phone")


def _look_alikes_refusal(
    actor: Actor, patient: Patient, *, different_person: bool
) -> PossibleDuplicates | None:
    """The refusal naming the patients `patient` looks like, unless the caller confirmed
    she is a different person. Showing the look-alikes is a read of their records, so it is
    audited whether or not she is then saved; the caller raises the refusal only after its
    transaction has kept that row."""
    duplicates = possible_duplicates(actor, patient)
    if not duplicates:
        return None
    audit_record(
        actor=actor,
        action=Action.READ,
        target="patient duplicate check",
        clinic_id=patient.clinic_id,
        patient_id=patient.pk,
    )
    return None if different_person else PossibleDuplicates(duplicates)


def patient_create(
    *, actor: Actor, clinic_id: int, different_person: bool = False, **fields: Any
) -> Patient:
    """Adds a patient, unless she looks like one the clinic already has: then it raises
    PossibleDuplicates naming them, until the caller confirms `different_person`. Showing
    the look-alikes is a read of their records, so it is audited even when nothing is added."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
        patient = Patient(
            clinic=clinic,
            created_by=actor.user,
            **{name: fields[name] for name in EDITABLE_FIELDS if name in fields},
        )
        patient_check(patient)
        refusal = _look_alikes_refusal(actor, patient, different_person=different_person)
        if refusal is None:
            patient.save()
            audit_record(
                actor=actor,
                action=Action.CREATE,
                target="patient",
                clinic_id=clinic.id,
                patient_id=patient.id,
            )
    # Raised once the transaction has kept the audit row of the look-alikes shown.
    if refusal is not None:
        raise refusal
    return patient


def patient_update(
    *, actor: Actor, patient: Patient, different_person: bool = False, **fields: Any
) -> Patient:
    """Demographics are kept current (they are not a signed record); the audit row names
    the fields that changed, not their values. An edit of her name, birth date or phone
    meets the same look-alike check as a new patient (she never resembles herself): a
    record edited into a copy of another is the same split history. Refused, `patient`
    keeps the values it had."""
    kept = {name: getattr(patient, name) for name in (*EDITABLE_FIELDS, "phone_digits")}
    refusal: PossibleDuplicates | None = None
    try:
        with transaction.atomic():
            for name in EDITABLE_FIELDS:
                if name in fields:
                    setattr(patient, name, fields[name])
            patient_check(patient, phone="phone" in fields)
            # Compared after normalising: the same number typed another way is no change.
            changed = [name for name in EDITABLE_FIELDS if getattr(patient, name) != kept[name]]
            if any(name in LOOK_ALIKE_FIELDS for name in changed):
                refusal = _look_alikes_refusal(actor, patient, different_person=different_person)
            if refusal is None:
                patient.save()
                audit_record(
                    actor=actor,
                    action=Action.UPDATE,
                    target=f"patient: {', '.join(changed) or 'no change'}",
                    clinic_id=patient.clinic_id,
                    patient_id=patient.id,
                )
        # Raised once the transaction has kept the audit row of the look-alikes shown.
        if refusal is not None:
            raise refusal
    except (ValidationError, PossibleDuplicates):
        for name, value in kept.items():
            setattr(patient, name, value)
        raise
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
