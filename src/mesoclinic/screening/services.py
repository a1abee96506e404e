"""Every change to a screening: one transaction, one audit row. A screening is never
updated: answers change by amendment, cautions are cleared by sign-off, and a screening
taken by mistake is marked "entered in error"."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from mesoclinic.access import Capability, access_patients, get_in_clinics_or_404
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.screening import (
    SYSTEM_ANSWERED,
    check_sign_off,
    screening_outcome,
    system_answers,
)
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.models import (
    PatientIntake,
    Screening,
    ScreeningAmendment,
    ScreeningAnswer,
    ScreeningSignOff,
)
from mesoclinic.screening.selectors import access_screenings
from mesoclinic.screening.state import ScreeningState, screening_state

NOTE_MAX = 300
REASON_MAX = 300


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError("reason", f"Say why: {what}.")
    if len(reason) > REASON_MAX:
        raise DomainError("reason", f"Keep the reason to {REASON_MAX} characters.")
    return reason


def _note(key: str, note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise DomainError(key, f"Keep the note to {NOTE_MAX} characters.")
    return note


def screening_create(
    *,
    actor: Actor,
    patient: Patient,
    taken_on: date,
    answers: Mapping[str, bool],
    notes: Mapping[str, str] | None = None,
    reviews: PatientIntake | None = None,
) -> Screening:
    """Record a screening from the clinic's protocol. `answers` holds every asked item
    (True: "yes, this applies"); age is answered from the date of birth. `reviews` is the
    patient's own answers from the portal that the practitioner went through: it (and any
    earlier answers of hers) is marked reviewed by this screening."""
    notes = notes or {}
    with transaction.atomic():
        patient = get_in_clinics_or_404(
            access_patients(actor, Capability.CLINICAL).select_related("clinic"), id=patient.id
        )
        if patient.status != RecordStatus.ACTIVE:
            raise DomainError("patient", "This patient record was entered in error.")
        protocol = clinic_protocol(patient.clinic)
        if taken_on > clinic_today(patient.clinic):
            raise DomainError("taken_on", "The screening date cannot be in the future.")
        if taken_on < patient.date_of_birth:
            raise DomainError("taken_on", "The screening date is before the date of birth.")
        age = patient.age_on(taken_on)
        # Checks every answer is there and nothing else is; the outcome itself is read
        # back from the stored rows whenever it is needed.
        screening_outcome(answers, age, protocol)
        for key in notes:
            if key not in answers:
                raise DomainError(key, "A note belongs to an item of this screening.")
        computed = system_answers(age, protocol.screening_items)

        screening = Screening.objects.create(
            patient=patient,
            clinic=patient.clinic,
            author=actor.user,
            taken_on=taken_on,
            protocol_name=protocol.name,
            protocol_version=protocol.version,
            age_years=age,
        )
        ScreeningAnswer.objects.bulk_create(
            ScreeningAnswer(
                screening=screening,
                position=position,
                item_key=item.key,
                item_label=item.label,
                level=item.level,
                answer=computed[item.key] if item.key in computed else answers[item.key],
                note="" if item.key in computed else _note(item.key, notes.get(item.key, "")),
                system_answered=item.key in computed,
            )
            for position, item in enumerate(protocol.screening_items)
            if item.key in computed or item.key in answers
        )
        if reviews is not None:
            _mark_reviewed(patient, reviews, screening)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=f"screening {screening.id}",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return screening


def _mark_reviewed(patient: Patient, intake: PatientIntake, screening: Screening) -> None:
    if intake.patient_id != patient.id:
        raise DomainError("intake", "These answers are another patient's.")
    PatientIntake.objects.filter(
        patient_id=patient.id, reviewed_at__isnull=True, submitted_at__lte=intake.submitted_at
    ).update(reviewed_in=screening, reviewed_at=timezone.now())


def _locked_state(actor: Actor, screening: Screening) -> ScreeningState:
    """The screening re-read under a row lock, so two corrections made at the same moment
    are applied one after the other. Call inside a transaction."""
    list(Screening.objects.select_for_update().filter(pk=screening.pk))
    fresh = get_in_clinics_or_404(access_screenings(actor), id=screening.pk)
    if fresh.status != RecordStatus.ACTIVE:
        raise DomainError("screening", "This screening was entered in error: take a new one.")
    return screening_state(fresh, clinic_protocol(fresh.clinic), clinic_today(fresh.clinic))


def screening_amend(
    *,
    actor: Actor,
    screening: Screening,
    changes: Mapping[str, tuple[bool, str]],
    reason: str,
) -> ScreeningAmendment:
    """Correct answers (item key -> (answer, note)). Only items that differ from the
    answer as it stands are recorded; the original stays visible beside the amendment."""
    reason = _reason(reason, "an amendment needs a reason")
    with transaction.atomic():
        state = _locked_state(actor, screening)
        asked = {answer.key: answer for answer in state.answers if not answer.system_answered}
        recorded: dict[str, list[dict[str, Any]]] = {}
        for key, (answer, note) in changes.items():
            if key in SYSTEM_ANSWERED:
                raise DomainError(key, "This item is answered from the date of birth.")
            if key not in asked:
                raise DomainError(key, f"{key!r} is not a question in this screening.")
            before = {"answer": asked[key].answer, "note": asked[key].note}
            after = {"answer": bool(answer), "note": _note(key, note)}
            if after != before:
                recorded[key] = [before, after]
        if not recorded:
            raise DomainError("answers", "Nothing changed: change an answer or a note.")
        amendment = ScreeningAmendment.objects.create(
            record=state.screening, author=actor.user, reason=reason, changes=recorded
        )
        audit_record(
            actor=actor,
            action=Action.AMEND,
            target=f"screening {state.screening.id}",
            clinic_id=state.screening.clinic_id,
            patient_id=state.screening.patient_id,
        )
    return amendment


def screening_caution_sign_off(
    *, actor: Actor, screening: Screening, item_key: str, reason: str
) -> ScreeningSignOff:
    """A practitioner (or clinic admin) accepts a caution for this patient, saying why.
    A stop cannot be signed off."""
    reason = _reason(reason, "a sign-off needs the clinical reason")
    with transaction.atomic():
        state = _locked_state(actor, screening)
        check_sign_off(item_key, state.outcome)
        sign_off = ScreeningSignOff.objects.create(
            screening=state.screening,
            item_key=item_key,
            reason=reason,
            author=actor.user,
            revision=state.revision,
        )
        audit_record(
            actor=actor,
            action=Action.SIGN,
            target=f"screening {state.screening.id} sign-off",
            clinic_id=state.screening.clinic_id,
            patient_id=state.screening.patient_id,
        )
    return sign_off


def screening_mark_entered_in_error(*, actor: Actor, screening: Screening, reason: str) -> None:
    reason = _reason(reason, "why was this screening entered in error")
    with transaction.atomic():
        state = _locked_state(actor, screening)
        Screening.objects.filter(pk=state.screening.pk).update(
            status=RecordStatus.ENTERED_IN_ERROR,
            status_reason=reason,
            status_changed_at=timezone.now(),
            status_changed_by=actor.user,
        )
        audit_record(
            actor=actor,
            action=Action.ENTERED_IN_ERROR,
            target=f"screening {state.screening.id}",
            clinic_id=state.screening.clinic_id,
            patient_id=state.screening.patient_id,
        )
