"""Progress endpoints: the numbers of the progress page, and the non-responder decision
through the same service as the page. The reassessment a decision answers is the
server's to find: the input refuses unknown fields."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.audit.actor import actor_from
from mesoclinic.courses.selectors import access_course
from mesoclinic.domain.course import REASON_MAX_LENGTH
from mesoclinic.progress.presenters import api_body, decision_body
from mesoclinic.progress.selectors import course_progress
from mesoclinic.progress.services import non_responder_decision_record
from mesoclinic.validation import Id, Text

router = Router(tags=["progress"])


class ProgressAreaOut(Schema):
    area: str
    side: str
    label: str


class ProgressWindowOut(Schema):
    starts_on: date
    ends_on: date
    days_min: int
    days_max: int


class ProgressAreaPointOut(Schema):
    assessment_id: int
    assessed_on: date
    nm_grade: int
    css_items: dict[str, int | None]
    css_total: int | None
    circumference_cm: str | None = Field(description="In cm, as measured (one decimal).")
    landmark: str
    clinician_gais: int | None


class ProgressAreaSeriesOut(ProgressAreaOut):
    index: bool
    points: list[ProgressAreaPointOut]


class ProgressAssessmentOut(Schema):
    assessment_id: int
    assessed_on: date
    baseline: bool
    sessions_before: int = Field(description="Sessions charted on or before this day.")
    weight_kg: str | None
    patient_satisfaction: int | None
    patient_gais: int | None


class ProgressChangeOut(ProgressAreaOut):
    index: bool
    assessment_id: int
    assessed_on: date
    sessions: int
    css_change: int | None
    circumference_change_cm: str | None
    circumference_within_error: bool | None
    shows_change: bool
    sentence: str


class ProgressChartPointOut(Schema):
    on: date
    value: str


class ProgressChartOut(Schema):
    key: str
    title: str
    points: list[ProgressChartPointOut]


class ProgressReviewOut(Schema):
    status: Literal["not_due", "reassess", "unreadable", "shows_change", "flagged", "answered"]
    message: str
    review_from: date | None
    reassessment_id: int | None
    needs_decision: bool


class NonResponderDecisionOut(Schema):
    id: int
    reassessment_id: int
    decision: str
    reason: str
    author: str
    at: datetime


class ProgressOut(Schema):
    course_id: int
    baseline_assessment_id: int
    index_area: ProgressAreaOut | None
    session_dates: list[date]
    first_improvement_window: ProgressWindowOut | None
    areas: list[ProgressAreaSeriesOut]
    assessments: list[ProgressAssessmentOut]
    changes: list[ProgressChangeOut]
    responder: bool | None = Field(description="On the index area, by the clinic's rule.")
    responder_rule: str
    charts: list[ProgressChartOut]
    review: ProgressReviewOut
    decisions: list[NonResponderDecisionOut]


class NonResponderDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["continue", "change", "stop"] = Field(
        description="continue; change (products or cadence); stop (also stops the course)."
    )
    reason: Text = Field(min_length=1, max_length=REASON_MAX_LENGTH)


@router.get("/courses/{course_id}/progress", response=ProgressOut)
def read_progress(request: HttpRequest, course_id: Id) -> dict[str, Any]:
    """Every measure of the course's baseline and reassessments, its sessions, the change
    in words, and its non-responder review with the decisions taken."""
    return api_body(course_progress(actor_from(request, via="api"), course_id))


@router.post(
    "/courses/{course_id}/non-responder-decisions", response={201: NonResponderDecisionOut}
)
def record_decision(
    request: HttpRequest, course_id: Id, payload: NonResponderDecisionIn
) -> Status[dict[str, Any]]:
    """Answer the flag of a course that shows no change at its review."""
    actor = actor_from(request, via="api")
    course = access_course(actor, course_id, purpose="non-responder decision")
    decision = non_responder_decision_record(
        actor=actor, course=course, decision=payload.decision, reason=payload.reason
    )
    return Status(201, decision_body(decision))
