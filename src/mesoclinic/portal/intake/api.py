"""Her health questions and consent in the portal's API (/api/v1/portal/...): the same
services as the pages, found from her signed-in session. The clinic, dates, the age
question, the number of sessions and the cost are the server's: sending them is refused."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import portal_actor, portal_read
from mesoclinic.portal.intake.consent import consent_page, consent_sign_by_patient
from mesoclinic.portal.intake.questions import (
    NOTE_MAX,
    intake_questions,
    intake_state,
    intake_submit,
)
from mesoclinic.validation import Line, Text

router = Router(tags=["portal"])


class HealthQuestionOut(Schema):
    key: str
    question: str
    answer: bool | None = Field(description="Her latest answer; null before she answers.")
    note: str


class HealthQuestionsOut(Schema):
    status: Literal["to_do", "sent", "reviewed"]
    submitted_at: datetime | None
    clinic_will_call: bool = Field(
        description="An answer means the clinic calls her before any treatment."
    )
    questions: list[HealthQuestionOut]


class HealthAnswersIn(Schema):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, bool] = Field(description="Every question's key: true for yes.")
    notes: dict[str, Text] = Field(
        default_factory=dict, description=f"Optional, by key; up to {NOTE_MAX} characters."
    )


def _health_questions(patient: Patient) -> dict[str, Any]:
    state = intake_state(patient)
    questions = []
    for question in intake_questions(patient.clinic):
        found = state.answer_of(question.key)
        questions.append(
            {
                "key": question.key,
                "question": question.question,
                "answer": None if found is None else found[0],
                "note": "" if found is None else found[1],
            }
        )
    return {
        "status": state.status,
        "submitted_at": None if state.latest is None else state.latest.submitted_at,
        "clinic_will_call": state.clinic_will_call,
        "questions": questions,
    }


@router.get("/health-questions", response=HealthQuestionsOut)
def read_health_questions(request: HttpRequest) -> dict[str, Any]:
    return _health_questions(portal_read(request, "health questions"))


@router.post("/health-questions", response={201: HealthQuestionsOut})
def send_health_answers(request: HttpRequest, payload: HealthAnswersIn) -> Status[dict[str, Any]]:
    """Her answers, stored for the practitioner to review at the visit."""
    patient = portal_read(request, "health questions")
    intake_submit(
        actor=portal_actor(request), patient=patient, answers=payload.answers, notes=payload.notes
    )
    return Status(201, _health_questions(patient))


class PortalConsentOut(Schema):
    title: str
    version: int | None = Field(description="null while the clinic has its default form.")
    text: str = Field(description="The form as she signs it, sessions and cost filled in.")
    sessions_note: str = Field(
        description="Before a course is planned, why the form gives a range; else empty."
    )
    signed: bool
    signed_at: datetime | None
    signed_version: int | None
    signed_text: str | None


class PortalConsentSignIn(Schema):
    model_config = ConfigDict(extra="forbid")
    template_version: int | None = Field(
        ge=1, le=2**31 - 1, description="The version she read (GET); null for the default form."
    )
    typed_name: Line = Field(min_length=1, max_length=200, description="Her full name.")
    signature_kind: Literal["typed", "drawn"]
    signature_png: Line = Field(
        default="", max_length=300_000, description="For a drawn signature: a PNG data URL."
    )


def _consent(patient: Patient) -> dict[str, Any]:
    page = consent_page(patient)
    signed = page.signed
    return {
        "title": page.form.title,
        "version": page.form.version,
        "text": page.text,
        "sessions_note": page.sessions_note,
        "signed": signed is not None,
        "signed_at": None if signed is None else signed.signed_at,
        "signed_version": None if signed is None else signed.template_version,
        "signed_text": None if signed is None else signed.text,
    }


@router.get("/consent", response=PortalConsentOut)
def read_consent(request: HttpRequest) -> dict[str, Any]:
    return _consent(portal_read(request, "consent form"))


@router.post("/consent", response={201: PortalConsentOut})
def sign_consent(request: HttpRequest, payload: PortalConsentSignIn) -> Status[dict[str, Any]]:
    """She signs the clinic's current form, under the clinic's consent rules."""
    patient = portal_read(request, "consent form")
    consent_sign_by_patient(actor=portal_actor(request), patient=patient, **payload.model_dump())
    return Status(201, _consent(patient))
