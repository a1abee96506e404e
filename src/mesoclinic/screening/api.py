"""Screening endpoints. Clinic, author, times, status and the age answer belong to the
server: input schemas refuse unknown fields, so a client cannot send them."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.access import Capability, access_patient
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.screening.selectors import (
    access_screening_state,
    patient_screenings,
    pending_intake,
)
from mesoclinic.screening.services import (
    screening_amend,
    screening_caution_sign_off,
    screening_create,
)
from mesoclinic.screening.state import ScreeningState
from mesoclinic.validation import Day, Id, Line, Text

router = Router(tags=["screening"])


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")
    item: Line = Field(min_length=1, max_length=60)
    answer: bool
    note: Text = Field(default="", max_length=300)


class ScreeningIn(Schema):
    model_config = ConfigDict(extra="forbid")
    taken_on: Day
    answers: list[AnswerIn] = Field(
        max_length=200, description="One per question; age is not asked."
    )
    reviews_portal_answers: Id | None = Field(
        default=None,
        description="The id of the patient's portal answers gone through with her "
        "(GET .../portal-answers); they are then marked reviewed by this screening.",
    )


class ScreeningAmendmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1, max_length=300)
    answers: list[AnswerIn] = Field(
        min_length=1, max_length=200, description="Only the answers that change."
    )


class SignOffIn(Schema):
    model_config = ConfigDict(extra="forbid")
    item: Line = Field(min_length=1, max_length=60)
    reason: Text = Field(min_length=1, max_length=300)


class AnswerOut(Schema):
    item: str
    label: str
    level: str
    answer: bool
    note: str
    system_answered: bool
    original_answer: bool
    original_note: str


class ScreeningAmendmentOut(Schema):
    author: str
    at: datetime
    reason: str
    changes: dict[str, list[dict[str, Any]]]


class SignOffOut(Schema):
    item: str
    author: str
    at: datetime
    reason: str
    holds: bool


class OutcomeOut(Schema):
    stops: list[str]
    cautions: list[str]
    unsigned_cautions: list[str]
    blocks_course: bool


class ScreeningOut(Schema):
    id: int
    patient_id: int
    clinic_id: int
    taken_on: date
    protocol_name: str
    protocol_version: str
    age_years: int
    author: str
    created_at: datetime
    status: str
    status_reason: str
    current: bool
    valid_until: date
    outcome: OutcomeOut
    answers: list[AnswerOut]
    amendments: list[ScreeningAmendmentOut]
    sign_offs: list[SignOffOut]


def _out(state: ScreeningState) -> dict[str, Any]:
    screening = state.screening
    outcome = state.outcome
    return {
        "id": screening.id,
        "patient_id": screening.patient_id,
        "clinic_id": screening.clinic_id,
        "taken_on": screening.taken_on,
        "protocol_name": screening.protocol_name,
        "protocol_version": screening.protocol_version,
        "age_years": state.age_years,
        "author": screening.author.get_username(),
        "created_at": screening.created_at,
        "status": screening.status,
        "status_reason": screening.status_reason,
        "current": state.current,
        "valid_until": state.valid_until,
        "outcome": {
            "stops": [item.key for item in outcome.stops],
            "cautions": [item.key for item in outcome.cautions],
            "unsigned_cautions": [item.key for item in outcome.unsigned_cautions],
            "blocks_course": outcome.blocks_course,
        },
        "answers": [
            {
                "item": answer.key,
                "label": answer.label,
                "level": answer.level,
                "answer": answer.answer,
                "note": answer.note,
                "system_answered": answer.system_answered,
                "original_answer": answer.original_answer,
                "original_note": answer.original_note,
            }
            for answer in state.answers
        ],
        "amendments": [
            {
                "author": amendment.author.get_username(),
                "at": amendment.at,
                "reason": amendment.reason,
                "changes": amendment.changes,
            }
            for amendment in state.amendments
        ],
        "sign_offs": [
            {
                "item": sign_off.item_key,
                "author": sign_off.author.get_username(),
                "at": sign_off.at,
                "reason": sign_off.reason,
                "holds": state.signed_off.get(sign_off.item_key) == sign_off,
            }
            for sign_off in state.sign_offs
        ],
    }


def _by_item(answers: list[AnswerIn]) -> dict[str, AnswerIn]:
    found: dict[str, AnswerIn] = {}
    for answer in answers:
        if answer.item in found:
            raise DomainError(answer.item, "This item is answered twice.")
        found[answer.item] = answer
    return found


@router.get("/patients/{patient_id}/screenings", response=list[ScreeningOut])
def list_screenings(request: HttpRequest, patient_id: Id) -> list[dict[str, Any]]:
    """The patient's screenings, newest first (entered-in-error ones included, marked)."""
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="screening list")
    return [
        _out(state) for state in patient_screenings(actor, patient, clinic_today(patient.clinic))
    ]


@router.post("/patients/{patient_id}/screenings", response={201: ScreeningOut})
def create_screening(
    request: HttpRequest, patient_id: Id, payload: ScreeningIn
) -> Status[dict[str, Any]]:
    """Answer every question of the clinic's protocol except age, which is computed."""
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="screening form")
    answers = _by_item(payload.answers)
    reviews = None
    if payload.reviews_portal_answers is not None:
        reviews = pending_intake(actor, patient)
        if reviews is None or reviews.id != payload.reviews_portal_answers:
            raise DomainError(
                "reviews_portal_answers",
                "These are not her latest portal answers awaiting review: read them again.",
            )
    screening = screening_create(
        actor=actor,
        patient=patient,
        taken_on=payload.taken_on,
        answers={key: answer.answer for key, answer in answers.items()},
        notes={key: answer.note for key, answer in answers.items()},
        reviews=reviews,
    )
    return Status(201, _out(access_screening_state(actor, screening.id)))


class PortalAnswerOut(Schema):
    item: str
    label: str
    level: str
    answer: bool
    note: str


class PendingPortalAnswersOut(Schema):
    id: int
    submitted_at: datetime
    has_stop: bool
    answers: list[PortalAnswerOut]


class PortalAnswersOut(Schema):
    pending: PendingPortalAnswersOut | None = Field(
        description="Her latest answers from the portal while no screening has reviewed "
        "them; null when there are none. They are hers, unsigned: a screening decides."
    )


@router.get("/patients/{patient_id}/portal-answers", response=PortalAnswersOut)
def read_portal_answers(request: HttpRequest, patient_id: Id) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="portal answers")
    intake = pending_intake(actor, patient)
    if intake is None:
        return {"pending": None}
    return {
        "pending": {
            "id": intake.id,
            "submitted_at": intake.submitted_at,
            "has_stop": intake.has_stop,
            "answers": [
                {
                    "item": row["key"],
                    "label": row["label"],
                    "level": row["level"],
                    "answer": row["answer"],
                    "note": row.get("note", ""),
                }
                for row in intake.answers
            ],
        }
    }


@router.get("/screenings/{screening_id}", response=ScreeningOut)
def read_screening(request: HttpRequest, screening_id: Id) -> dict[str, Any]:
    return _out(access_screening_state(actor_from(request, via="api"), screening_id))


@router.post("/screenings/{screening_id}/amendments", response={201: ScreeningOut})
def amend_screening(
    request: HttpRequest, screening_id: Id, payload: ScreeningAmendmentIn
) -> Status[dict[str, Any]]:
    """Correct answers with a reason; the original answers stay in the record."""
    actor = actor_from(request, via="api")
    state = access_screening_state(actor, screening_id)
    answers = _by_item(payload.answers)
    screening_amend(
        actor=actor,
        screening=state.screening,
        changes={key: (answer.answer, answer.note) for key, answer in answers.items()},
        reason=payload.reason,
    )
    return Status(201, _out(access_screening_state(actor, screening_id)))


@router.post("/screenings/{screening_id}/sign-offs", response={201: ScreeningOut})
def sign_off_caution(
    request: HttpRequest, screening_id: Id, payload: SignOffIn
) -> Status[dict[str, Any]]:
    """Accept a caution answered yes, with the clinical reason. Stops cannot be signed off."""
    actor = actor_from(request, via="api")
    state = access_screening_state(actor, screening_id)
    screening_caution_sign_off(
        actor=actor, screening=state.screening, item_key=payload.item, reason=payload.reason
    )
    return Status(201, _out(access_screening_state(actor, screening_id)))
