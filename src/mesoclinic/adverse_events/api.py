"""Adverse events in the JSON API. Input schemas refuse unknown fields, so what the server
owns (clinic, author, the type's label and expected course, the serious flag, status,
times) cannot be sent."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponseBase
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.access import Capability, access_patient
from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.adverse_events.patient_reports import access_event_photo, patient_report_review
from mesoclinic.adverse_events.presenters import event_view, review_of, site_label
from mesoclinic.adverse_events.selectors import (
    access_adverse_event,
    can_review,
    follow_up_list,
    patient_adverse_events,
)
from mesoclinic.adverse_events.services import (
    KEEP,
    adverse_event_amend,
    adverse_event_create,
    adverse_event_mark_entered_in_error,
    adverse_event_review,
    follow_up_create,
)
from mesoclinic.assessments.photo_api import JPEG_RESPONSE
from mesoclinic.assessments.responses import photo_response
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.validation import Day, Id, Line, Text

router = Router(tags=["adverse events"])

SeverityIn = Literal["mild", "moderate", "severe"]
Side = Literal["", "left", "right"]
NULLABLE = frozenset({"ctcae_grade", "resolved_on"})


class EventIn(Schema):
    model_config = ConfigDict(extra="forbid")
    event_type: Line = Field(min_length=1, max_length=60, description="A key of the protocol.")
    severity: SeverityIn
    ctcae_grade: int | None = Field(default=None, ge=1, le=5)
    area: Line = Field(default="", max_length=50, description="Empty: not at one site.")
    side: Side = ""
    onset_on: Day
    description: Text = Field(default="", max_length=2000)
    follows_session_ids: list[Id] = Field(
        default_factory=list,
        max_length=50,
        description="This patient's charted sessions on or before the onset.",
    )
    follows_lot_ids: list[Id] = Field(
        default_factory=list,
        max_length=50,
        description="Lots applied in those sessions; empty: every lot applied in them.",
    )


class EventAmendmentIn(Schema):
    """Only the fields sent change. `resolved_on: null` reopens a resolved event."""

    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1, max_length=300)
    event_type: Line | None = Field(default=None, min_length=1, max_length=60)
    severity: SeverityIn | None = None
    ctcae_grade: int | None = Field(default=None, ge=1, le=5)
    area: Line | None = Field(default=None, max_length=50)
    side: Side | None = None
    onset_on: Day | None = None
    description: Text | None = Field(default=None, max_length=2000)
    follows_session_ids: list[Id] | None = Field(
        default=None, max_length=50, description="New sessions without lots: all their lots."
    )
    follows_lot_ids: list[Id] | None = Field(default=None, max_length=50)
    resolved_on: Day | None = None


class FollowUpIn(Schema):
    model_config = ConfigDict(extra="forbid")
    noted_on: Day
    outcome: Literal["improving", "unchanged", "worse", "resolved"]
    note: Text = Field(default="", max_length=2000, description="Needed unless resolved.")


class ReportReviewIn(Schema):
    """A practitioner's review of a patient's report: the type confirmed or corrected,
    the severity given, the site where it is."""

    model_config = ConfigDict(extra="forbid")
    event_type: Line = Field(min_length=1, max_length=60, description="A key of the protocol.")
    severity: SeverityIn
    ctcae_grade: int | None = Field(default=None, ge=1, le=5)
    area: Line = Field(default="", max_length=50, description="Empty: not at one site.")
    side: Side = ""
    note: Text = Field(default="", max_length=2000)


class ReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")
    note: Text = Field(min_length=1, max_length=2000)


class EventErrorIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1, max_length=300)


class FollowUpOut(Schema):
    noted_on: date
    outcome: str
    note: str
    author: str
    at: datetime


class ReviewOut(Schema):
    author: str
    at: datetime
    note: str


class EventAmendmentOut(Schema):
    author: str
    at: datetime
    reason: str
    changes: dict[str, list[Any]]


class EventOut(Schema):
    id: int
    patient_id: int
    clinic_id: int
    event_type: str
    type_label: str
    expected_days: list[int] | None = Field(description="[first, last] day, or null.")
    serious: bool
    severity: str
    ctcae_grade: int | None
    area: str
    side: str
    site: str
    onset_on: date
    description: str
    event_status: str
    resolved_on: date | None
    follow_up_due_after: date
    needs_follow_up: bool
    days_overdue: int
    awaiting_review: bool
    review: ReviewOut | None
    reported_by_patient: bool
    awaiting_report_review: bool
    report_review: EventAmendmentOut | None = Field(
        description="A practitioner's review of a patient's report: changes as "
        "[as reported, as reviewed]; `reason` holds the review note."
    )
    photo_ids: list[int] = Field(description="Photos the patient sent with her report.")
    follows_session_ids: list[int]
    follows_lot_ids: list[int]
    author: str
    created_at: datetime
    status: str
    status_reason: str
    follow_ups: list[FollowUpOut]
    amendments: list[EventAmendmentOut]


class FollowUpRowOut(Schema):
    event: EventOut
    awaiting_report_review: bool
    days_overdue: int
    last_follow_up: FollowUpOut | None


class FollowUpListOut(Schema):
    clinic_id: int
    today: date
    review_days: int
    events: list[FollowUpRowOut]


def _follow_up(follow_up: Any) -> dict[str, Any]:
    return {
        "noted_on": follow_up.noted_on,
        "outcome": follow_up.outcome,
        "note": follow_up.note,
        "author": follow_up.author.get_username(),
        "at": follow_up.at,
    }


def _report_review(event: AdverseEvent) -> dict[str, Any] | None:
    review = getattr(event, "report_review", None) if event.reported_by_patient else None
    if review is None:
        return None
    return {
        "author": review.author.get_username(),
        "at": review.at,
        "reason": review.note,
        "changes": review.changes,
    }


def _out(event: AdverseEvent, today: date | None = None) -> dict[str, Any]:
    protocol = clinic_protocol(event.clinic)
    view = event_view(event, protocol, today or clinic_today(event.clinic))
    review = review_of(event)
    return {
        "id": event.id,
        "patient_id": event.patient_id,
        "clinic_id": event.clinic_id,
        "event_type": event.event_type,
        "type_label": event.type_label,
        "expected_days": list(event.window) if event.window else None,
        "serious": event.serious,
        "severity": event.severity,
        "ctcae_grade": event.ctcae_grade,
        "area": event.area,
        "side": event.side,
        "site": site_label(protocol, event.area, event.side),
        "onset_on": event.onset_on,
        "description": event.description,
        "event_status": event.event_status,
        "resolved_on": event.resolved_on,
        "follow_up_due_after": view.due,
        "needs_follow_up": view.needs_follow_up,
        "days_overdue": view.days_overdue,
        "awaiting_review": view.awaiting_review,
        "review": (
            {"author": review.author.get_username(), "at": review.at, "note": review.note}
            if review
            else None
        ),
        "reported_by_patient": event.reported_by_patient,
        "awaiting_report_review": event.awaiting_report_review,
        "report_review": _report_review(event),
        "photo_ids": [photo.id for photo in event.photos.all()],
        "follows_session_ids": [session.id for session in event.follows_sessions.all()],
        "follows_lot_ids": [lot.id for lot in event.follows_lots.all()],
        "author": event.author.get_username(),
        "created_at": event.created_at,
        "status": event.status,
        "status_reason": event.status_reason,
        "follow_ups": [_follow_up(f) for f in event.follow_ups.all()],
        "amendments": [
            {
                "author": a.author.get_username(),
                "at": a.at,
                "reason": a.reason,
                "changes": a.changes,
            }
            for a in event.amendments.all()
        ],
    }


@router.get("/patients/{patient_id}/adverse-events", response=list[EventOut])
def list_events(request: HttpRequest, patient_id: Id) -> list[dict[str, Any]]:
    """The patient's adverse events, latest onset first (entered-in-error ones marked)."""
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="adverse events")
    return [_out(event) for event in patient_adverse_events(actor, patient)]


@router.post("/patients/{patient_id}/adverse-events", response={201: EventOut})
def create_event(request: HttpRequest, patient_id: Id, payload: EventIn) -> Status[dict[str, Any]]:
    """Record an event of a protocol type; its label, expected course and serious flag are
    taken from the clinic's protocol."""
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="adverse event form")
    event = adverse_event_create(actor=actor, patient=patient, **payload.model_dump())
    return Status(201, _out(access_adverse_event(actor, event.id)))


@router.get("/adverse-events/{event_id}", response=EventOut)
def read_event(request: HttpRequest, event_id: Id) -> dict[str, Any]:
    return _out(access_adverse_event(actor_from(request, via="api"), event_id))


@router.post("/adverse-events/{event_id}/follow-ups", response={201: EventOut})
def add_follow_up(
    request: HttpRequest, event_id: Id, payload: FollowUpIn
) -> Status[dict[str, Any]]:
    """A follow-up note; the outcome "resolved" resolves the event on its date."""
    actor = actor_from(request, via="api")
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} follow-up")
    follow_up_create(actor=actor, event=event, **payload.model_dump())
    return Status(201, _out(access_adverse_event(actor, event_id)))


@router.post("/adverse-events/{event_id}/review", response={201: EventOut})
def review_event(request: HttpRequest, event_id: Id, payload: ReviewIn) -> Status[dict[str, Any]]:
    """The clinic admin marks a serious event reviewed. Anyone else: 404."""
    actor = actor_from(request, via="api")
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} review")
    if not can_review(actor, event):
        raise Http404("No such record.")
    adverse_event_review(actor=actor, event=event, note=payload.note)
    return Status(201, _out(access_adverse_event(actor, event_id)))


@router.post("/adverse-events/{event_id}/report-review", response={201: EventOut})
def review_patient_report(
    request: HttpRequest, event_id: Id, payload: ReportReviewIn
) -> Status[dict[str, Any]]:
    """Grade a side effect the patient reported and confirm its type and site; from then on
    it is followed up as any other event."""
    actor = actor_from(request, via="api")
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} report review")
    patient_report_review(actor=actor, event=event, **payload.model_dump())
    return Status(201, _out(access_adverse_event(actor, event_id)))


@router.get("/adverse-event-photos/{photo_id}", openapi_extra=JPEG_RESPONSE)
def read_event_photo(request: HttpRequest, photo_id: Id) -> HttpResponseBase:
    """A photo the patient sent with a report (JPEG, EXIF removed)."""
    photo = access_event_photo(actor_from(request, via="api"), photo_id)
    return photo_response(photo, thumbnail=False, kind="adverse-event-photo")


@router.post("/adverse-events/{event_id}/amendments", response={201: EventOut})
def amend_event(
    request: HttpRequest, event_id: Id, payload: EventAmendmentIn
) -> Status[dict[str, Any]]:
    """Correct the event with a reason; each changed value keeps its before and after."""
    actor = actor_from(request, via="api")
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} amend")
    sent = payload.model_dump(exclude_unset=True)
    reason = sent.pop("reason")
    # null clears a grade or reopens an event; for any other field it changes nothing.
    values = {
        name: sent[name] if sent.get(name) is not None or name in NULLABLE else KEEP
        for name in EventAmendmentIn.model_fields
        if name != "reason" and name in sent
    }
    adverse_event_amend(actor=actor, event=event, reason=reason, **values)
    return Status(201, _out(access_adverse_event(actor, event_id)))


@router.post("/adverse-events/{event_id}/entered-in-error", response=EventOut)
def mark_entered_in_error(
    request: HttpRequest, event_id: Id, payload: EventErrorIn
) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} error")
    adverse_event_mark_entered_in_error(actor=actor, event=event, reason=payload.reason)
    return _out(access_adverse_event(actor, event_id))


@router.get("/clinics/{clinic_id}/adverse-events/follow-up", response=FollowUpListOut)
def overdue_events(request: HttpRequest, clinic_id: Id) -> dict[str, Any]:
    """Every ongoing event at the clinic past its expected course, oldest onset first."""
    found = follow_up_list(actor_from(request, via="api"), clinic_id)
    return {
        "clinic_id": found.clinic.id,
        "today": found.today,
        "review_days": found.review_days,
        "events": [
            {
                "event": _out(row.event, found.today),
                "awaiting_report_review": row.awaiting_report_review,
                "days_overdue": row.days_overdue,
                "last_follow_up": _follow_up(row.last_follow_up) if row.last_follow_up else None,
            }
            for row in found.rows
        ],
    }
