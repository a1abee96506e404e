"""Course endpoints: the same services and rules as the pages. Clinic, author, state,
counts done and dates belong to the server: input schemas refuse unknown fields."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.access import Capability, access_patient
from mesoclinic.assessments.api import CourseReassessmentOut, course_reassessment_out
from mesoclinic.audit.actor import actor_from
from mesoclinic.courses.models import Course
from mesoclinic.courses.selectors import access_course, patient_courses
from mesoclinic.courses.services import (
    course_change,
    course_complete,
    course_create,
    course_plan_next_block,
    course_start,
    course_stop,
)
from mesoclinic.domain.course import REASON_MAX_LENGTH, SESSIONS_MAX
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import Protocol
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.validation import Day, Id, Line, Text

router = Router(tags=["courses"])


def _cadence_days(protocol: Protocol, name: str) -> int:
    if name not in protocol.cadences:
        raise DomainError("cadence", f"Cadence must be one of: {', '.join(protocol.cadences)}.")
    return protocol.cadences[name]


class CourseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    cadence: Line = Field(
        max_length=40, description="A cadence of the clinic's protocol: weekly, fortnightly."
    )
    expectation: Literal["modest", "marked"] = "modest"
    lifestyle: bool = Field(default=False, description="Follows an exercise and diet programme.")
    starts_on: Day
    sessions: int | None = Field(
        default=None,
        ge=1,
        le=SESSIONS_MAX,
        description="Left out: the recommendation. Any other count needs a reason.",
    )
    reason: Text = Field(default="", max_length=REASON_MAX_LENGTH)
    assessment_id: Id | None = Field(
        default=None, description="When given, must be the latest assessment (else refused)."
    )


class StopIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1, max_length=REASON_MAX_LENGTH)


class ChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1, max_length=REASON_MAX_LENGTH)
    sessions: int | None = Field(
        default=None, ge=1, le=SESSIONS_MAX, description="For the current block."
    )
    cadence: Line | None = Field(default=None, max_length=40)


class BlockIn(Schema):
    model_config = ConfigDict(extra="forbid")
    starts_on: Day
    expectation: Literal["modest", "marked"] | None = None
    lifestyle: bool | None = None


class BlockOut(Schema):
    number: int
    assessment_id: int
    starts_on: date
    sessions_planned: int
    sessions_done: int
    author: str
    created_at: datetime
    estimate: dict[str, Any]


class ChangeOut(Schema):
    block_number: int
    field: str
    before: int
    after: int
    reason: str
    author: str
    at: datetime


class CourseOut(Schema):
    id: int
    patient_id: int
    clinic_id: int
    assessment_id: int
    author: str
    created_at: datetime
    state: str
    nm_grade: int
    cadence_days: int
    expectation: str
    lifestyle: bool
    starts_on: date
    sessions_recommended: int
    in_blocks: bool
    block_size: int | None
    block_number: int
    sessions_planned: int
    sessions_done: int
    sessions_done_total: int
    awaiting_reassessment: bool
    planned_dates: list[date]
    last_session_on: date | None
    started_at: datetime | None
    ended_at: datetime | None
    stop_reason: str
    estimate: dict[str, Any]
    blocks: list[BlockOut]
    changes: list[ChangeOut]
    reassessment: CourseReassessmentOut


def _out(course: Course) -> dict[str, Any]:
    return {
        "id": course.id,
        "patient_id": course.patient_id,
        "clinic_id": course.clinic_id,
        "assessment_id": course.assessment_id,
        "author": course.author.get_username(),
        "created_at": course.created_at,
        "state": course.state,
        "nm_grade": course.nm_grade,
        "cadence_days": course.cadence_days,
        "expectation": course.expectation,
        "lifestyle": course.lifestyle,
        "starts_on": course.starts_on,
        "sessions_recommended": course.sessions_recommended,
        "in_blocks": course.in_blocks,
        "block_size": course.block_size,
        "block_number": course.block_number,
        "sessions_planned": course.sessions_planned,
        "sessions_done": course.sessions_done,
        "sessions_done_total": course.sessions_done_total,
        "awaiting_reassessment": course.awaiting_reassessment,
        "planned_dates": list(course.dates),
        "last_session_on": course.last_session_on,
        "started_at": course.started_at,
        "ended_at": course.ended_at,
        "stop_reason": course.stop_reason,
        "estimate": course.estimate,
        "blocks": [
            {
                "number": block.number,
                "assessment_id": block.assessment_id,
                "starts_on": block.starts_on,
                "sessions_planned": block.sessions_planned,
                "sessions_done": block.sessions_done,
                "author": block.author.get_username(),
                "created_at": block.created_at,
                "estimate": block.estimate,
            }
            for block in course.blocks.all()
        ],
        "changes": [
            {
                "block_number": change.block_number,
                "field": change.field,
                "before": change.before,
                "after": change.after,
                "reason": change.reason,
                "author": change.author.get_username(),
                "at": change.at,
            }
            for change in course.changes.all()
        ],
        "reassessment": course_reassessment_out(course),
    }


def _fresh(request: HttpRequest, course_id: Id) -> dict[str, Any]:
    """The course read back after a change, as every response shows it."""
    return _out(access_course(actor_from(request, via="api"), course_id))


@router.get("/patients/{patient_id}/courses", response=list[CourseOut])
def list_courses(request: HttpRequest, patient_id: Id) -> list[dict[str, Any]]:
    """The patient's courses, newest first."""
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="course list")
    return [_out(course) for course in patient_courses(actor, patient)]


@router.post("/patients/{patient_id}/courses", response={201: CourseOut})
def create_course(
    request: HttpRequest, patient_id: Id, payload: CourseIn
) -> Status[dict[str, Any]]:
    """Plan a course from the latest signed assessment through the estimate. Refused, with
    every reason, while screening or consent do not allow a course."""
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="course form")
    course = course_create(
        actor=actor,
        patient=patient,
        starts_on=payload.starts_on,
        cadence_days=_cadence_days(clinic_protocol(patient.clinic), payload.cadence),
        expectation=payload.expectation,
        lifestyle=payload.lifestyle,
        sessions=payload.sessions,
        reason=payload.reason,
        assessment_id=payload.assessment_id,
    )
    return Status(201, _fresh(request, course.id))


@router.get("/courses/{course_id}", response=CourseOut)
def read_course(request: HttpRequest, course_id: Id) -> dict[str, Any]:
    return _out(access_course(actor_from(request, via="api"), course_id))


@router.post("/courses/{course_id}/start", response=CourseOut)
def start_course(request: HttpRequest, course_id: Id) -> dict[str, Any]:
    """Planned → active; screening and consent are checked again."""
    actor = actor_from(request, via="api")
    course_start(actor=actor, course=access_course(actor, course_id, purpose="start"))
    return _fresh(request, course_id)


@router.post("/courses/{course_id}/stop", response=CourseOut)
def stop_course(request: HttpRequest, course_id: Id, payload: StopIn) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    course = access_course(actor, course_id, purpose="stop")
    course_stop(actor=actor, course=course, reason=payload.reason)
    return _fresh(request, course_id)


@router.post("/courses/{course_id}/complete", response=CourseOut)
def complete_course(request: HttpRequest, course_id: Id) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    course_complete(actor=actor, course=access_course(actor, course_id, purpose="complete"))
    return _fresh(request, course_id)


@router.post("/courses/{course_id}/changes", response={201: CourseOut})
def change_course(request: HttpRequest, course_id: Id, payload: ChangeIn) -> Status[dict[str, Any]]:
    """A new session count (current block) and/or cadence, with the reason kept."""
    actor = actor_from(request, via="api")
    course = access_course(actor, course_id, purpose="change")
    cadence = (
        None
        if payload.cadence is None
        else _cadence_days(clinic_protocol(course.clinic), payload.cadence)
    )
    course_change(
        actor=actor,
        course=course,
        reason=payload.reason,
        sessions=payload.sessions,
        cadence_days=cadence,
    )
    return Status(201, _fresh(request, course_id))


@router.post("/courses/{course_id}/blocks", response={201: CourseOut})
def plan_block(request: HttpRequest, course_id: Id, payload: BlockIn) -> Status[dict[str, Any]]:
    """The next block, from a signed follow-up assessment dated on or after the last
    planned session of the block that ended."""
    actor = actor_from(request, via="api")
    course = access_course(actor, course_id, purpose="next block")
    course_plan_next_block(
        actor=actor,
        course=course,
        starts_on=payload.starts_on,
        expectation=payload.expectation,
        lifestyle=payload.lifestyle,
    )
    return Status(201, _fresh(request, course_id))
