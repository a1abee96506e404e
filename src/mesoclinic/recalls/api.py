"""Recalls in the JSON API. Input schemas refuse unknown fields: the due date, the state
and who called are the server's, never the caller's."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.recall import NOTE_MAX, REASON_MAX
from mesoclinic.recalls.models import Recall, RecallEntry
from mesoclinic.recalls.selectors import (
    DEFAULT_WITHIN_DAYS,
    MAX_WITHIN_DAYS,
    RecallRow,
    access_recall,
    recall_list,
    row_of,
)
from mesoclinic.recalls.services import recall_postpone, recall_record_call
from mesoclinic.validation import Day, Id, Line, Text

router = Router(tags=["recalls"])


class MaintenanceRecallQuery(Schema):
    model_config = ConfigDict(extra="forbid")
    status: Literal["due", "overdue", "all"] = Field(
        default="all", description="overdue, due within `within_days`, or both."
    )
    within_days: int = Field(default=DEFAULT_WITHIN_DAYS, ge=0, le=MAX_WITHIN_DAYS)


class MaintenanceRecallCallIn(Schema):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["booked", "declined", "no_answer", "left_message"]
    note: Text = Field(default="", max_length=NOTE_MAX)
    next_try_on: Day | None = Field(
        default=None, description="Unanswered calls only; null: a few days from today."
    )
    appointment_id: Id | None = Field(
        default=None, description="Booked only: one of the patient's upcoming appointments."
    )


class MaintenanceRecallPostponeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    due_on: Day
    reason: Line = Field(min_length=1, max_length=REASON_MAX)


class MaintenanceRecallEntryOut(Schema):
    kind: str
    outcome: str
    note: str
    next_try_on: date | None
    appointment_id: int | None
    due_before: date | None
    due_after: date | None
    author: str
    at: datetime


class MaintenanceRecallOut(Schema):
    id: int
    clinic_id: int
    patient_id: int
    patient: str
    phone: str = Field(description="As the clinic's country writes it.")
    email: str
    may_contact: bool
    course_id: int
    nm_grade: int
    last_session_on: date | None
    completed_on: date
    interval_days: int
    due_on: date
    next_try_on: date | None
    call_on: date
    standing: str = Field(
        description="overdue (its due date has passed; a next try does not change that), "
        "due (the day to call within the window) or later."
    )
    days_overdue: int = Field(description="Days since the due date, until the recall closes.")
    state: str
    appointment_id: int | None
    history: list[MaintenanceRecallEntryOut]


class MaintenanceRecallListOut(Schema):
    clinic_id: int
    today: date
    status: str
    within_days: int
    recalls: list[MaintenanceRecallOut]


def _entry(entry: RecallEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "outcome": entry.outcome,
        "note": entry.note,
        "next_try_on": entry.next_try_on,
        "appointment_id": entry.appointment_id,
        "due_before": entry.due_before,
        "due_after": entry.due_after,
        "author": entry.author.get_username(),
        "at": entry.at,
    }


def _out(row: RecallRow) -> dict[str, Any]:
    recall = row.recall
    patient = recall.patient
    return {
        "id": recall.id,
        "clinic_id": recall.clinic_id,
        "patient_id": patient.id,
        "patient": f"{patient.given_name} {patient.family_name}",
        "phone": patient.phone_shown,
        "email": patient.email,
        "may_contact": patient.may_contact,
        "course_id": recall.course_id,
        "nm_grade": recall.course.nm_grade,
        "last_session_on": recall.course.last_session_on,
        "completed_on": recall.completed_on,
        "interval_days": recall.interval_days,
        "due_on": recall.due_on,
        "next_try_on": recall.next_try_on,
        "call_on": recall.call_on,
        "standing": row.standing,
        "days_overdue": row.days_overdue,
        "state": recall.state,
        "appointment_id": recall.appointment_id,
        "history": [_entry(entry) for entry in recall.entries.all()],
    }


def _one(recall: Recall) -> dict[str, Any]:
    return _out(row_of(recall, clinic_today(recall.clinic)))


@router.get("/clinics/{clinic_id}/recalls", response=MaintenanceRecallListOut)
def list_recalls(
    request: HttpRequest, clinic_id: Id, query: Query[MaintenanceRecallQuery]
) -> dict[str, Any]:
    """The clinic's open recalls, the day to call oldest first."""
    found = recall_list(actor_from(request, via="api"), clinic_id, query.status, query.within_days)
    return {
        "clinic_id": found.clinic.id,
        "today": found.today,
        "status": found.status,
        "within_days": found.within_days,
        "recalls": [_out(row) for row in found.rows],
    }


@router.get("/recalls/{recall_id}", response=MaintenanceRecallOut)
def read_recall(request: HttpRequest, recall_id: Id) -> dict[str, Any]:
    return _one(access_recall(actor_from(request, via="api"), recall_id))


@router.post("/recalls/{recall_id}/calls", response={201: MaintenanceRecallOut})
def record_call(
    request: HttpRequest, recall_id: Id, payload: MaintenanceRecallCallIn
) -> Status[dict[str, Any]]:
    """One call to the patient: booked and declined close the recall, an unanswered call
    keeps it for the next try. Refused for a patient who does not allow contact."""
    actor = actor_from(request, via="api")
    recall = recall_record_call(
        actor=actor, recall=access_recall(actor, recall_id), **payload.model_dump()
    )
    return Status(201, _one(access_recall(actor, recall.id)))


@router.post("/recalls/{recall_id}/postpone", response=MaintenanceRecallOut)
def postpone_recall(
    request: HttpRequest, recall_id: Id, payload: MaintenanceRecallPostponeIn
) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    recall_postpone(actor=actor, recall=access_recall(actor, recall_id), **payload.model_dump())
    return _one(access_recall(actor, recall_id))
