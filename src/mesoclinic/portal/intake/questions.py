"""Her health questions before the first visit: the clinic's screening questions (the
protocol's, the same the practitioner asks) in plain words, answered in the portal.

What she sends is a patient-provided intake awaiting review, never a screening: it clears
no caution and lifts no stop. The practitioner sees it beside her own form when she screens,
and the screening she signs marks it reviewed. A stop among the answers puts her on the
desk's list of patients to call before any treatment.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.plausible import text_problem
from mesoclinic.domain.screening import asked_items, check_answers, outcome_for_items
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.models import PatientIntake

# Below the screening note's 300, so her note fits the practitioner's form with its prefix.
NOTE_MAX = 280

# The protocol's labels are written for clinicians ("Skin type Fitzpatrick IV–VI"); these
# ask the same thing in words a patient answers without help. A clinic's own protocol item
# with no entry here is asked with its label.
PLAIN_QUESTIONS = {
    "pregnancy": "Are you pregnant, or could you be?",
    "breastfeeding": "Are you breastfeeding?",
    "site_infection_or_skin_disease": "Do you have an infection, a rash or another skin "
    "problem where you would like to be treated?",
    "ingredient_allergy": "Have you ever had an allergic reaction to a medicine, an "
    "injection or a local anaesthetic?",
    "anticoagulant_or_antiplatelet": "Do you take a medicine that thins the blood (for "
    "example warfarin, apixaban, rivaroxaban, clopidogrel or a daily aspirin)?",
    "bleeding_disorder": "Do you bleed or bruise very easily, or have you been told you "
    "have a bleeding disorder?",
    "autoimmune_or_immunosuppressed": "Do you have an autoimmune disease (such as lupus or "
    "rheumatoid arthritis), or take a medicine that lowers your immunity?",
    "diabetes": "Do you have diabetes?",
    "cancer_history": "Have you ever had cancer?",
    "heart_disease_clots_stroke": "Have you had heart disease, a blood clot or a stroke?",
    "kidney_or_liver_disease": "Do you have kidney or liver disease?",
    "fitzpatrick_4_to_6": "Is your skin naturally olive, brown or dark brown (it rarely or "
    "never burns in the sun)?",
}


@dataclass(frozen=True)
class Question:
    key: str
    question: str  # as the patient reads it
    label: str  # as the clinic's protocol names it (what the practitioner sees)
    level: str


def intake_questions(clinic: Clinic) -> tuple[Question, ...]:
    """The questions she answers: the clinic protocol's screening items, less the ones the
    system answers from her record (age)."""
    items = asked_items(clinic_protocol(clinic).screening_items)
    return tuple(
        Question(item.key, PLAIN_QUESTIONS.get(item.key, f"{item.label}?"), item.label, item.level)
        for item in items
    )


class IntakeStatus(StrEnum):
    TO_DO = "to_do"
    SENT = "sent"
    REVIEWED = "reviewed"


STATUS_WORDS = {
    IntakeStatus.TO_DO: "To do",
    IntakeStatus.SENT: "Sent",
    IntakeStatus.REVIEWED: "Reviewed",
}


@dataclass(frozen=True)
class IntakeState:
    status: IntakeStatus
    latest: PatientIntake | None
    # The latest answers hold a stop the clinic has not yet reviewed: it will call her.
    clinic_will_call: bool

    @property
    def words(self) -> str:
        return STATUS_WORDS[self.status]

    def answer_of(self, key: str) -> tuple[bool, str] | None:
        if self.latest is None:
            return None
        for row in self.latest.answers:
            if row["key"] == key:
                return bool(row["answer"]), str(row.get("note", ""))
        return None


def intake_state(patient: Patient) -> IntakeState:
    """Where her health questions stand. Not audited: the caller audits its page's read."""
    latest = PatientIntake.objects.filter(patient=patient).order_by("-submitted_at", "-id").first()
    if latest is None:
        return IntakeState(IntakeStatus.TO_DO, None, clinic_will_call=False)
    if latest.reviewed_at is not None:
        return IntakeState(IntakeStatus.REVIEWED, latest, clinic_will_call=False)
    return IntakeState(IntakeStatus.SENT, latest, clinic_will_call=latest.has_stop)


def _notes(answers: Mapping[str, bool], notes: Mapping[str, str]) -> dict[str, str]:
    cleaned = {}
    for key, note in notes.items():
        if key not in answers:
            raise DomainError(key, "A note belongs to one of the questions.")
        note = note.strip()
        if len(note) > NOTE_MAX:
            raise DomainError(key, f"Keep what you add to {NOTE_MAX} characters.")
        if (problem := text_problem(note, multiline=True)) is not None:
            raise DomainError(key, problem)
        cleaned[key] = note
    return cleaned


def intake_submit(
    *,
    actor: Actor,
    patient: Patient,
    answers: Mapping[str, bool],
    notes: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> PatientIntake:
    """Store her answers (every question answered, nothing else: the age question is
    answered from her date of birth and cannot be sent). The clinic, time, protocol and
    whether a stop is among them are the server's."""
    notes = _notes(answers, notes or {})
    with transaction.atomic():
        patient = Patient.objects.select_related("clinic").get(pk=patient.pk)
        if patient.status != RecordStatus.ACTIVE:
            raise DomainError("patient", "This record is closed: please call the clinic.")
        protocol = clinic_protocol(patient.clinic)
        items = protocol.screening_items
        check_answers(answers, items)
        age = max(patient.age_on(clinic_today(patient.clinic)), 0)
        outcome = outcome_for_items(answers, age, items)
        intake = PatientIntake.objects.create(
            patient=patient,
            clinic=patient.clinic,
            submitted_at=now or timezone.now(),
            protocol_name=protocol.name,
            protocol_version=protocol.version,
            answers=[
                {
                    "key": item.key,
                    "label": item.label,
                    "level": item.level,
                    "answer": bool(answers[item.key]),
                    "note": notes.get(item.key, ""),
                }
                for item in asked_items(items)
            ],
            has_stop=bool(outcome.stops),
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=f"patient intake {intake.id}",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return intake
