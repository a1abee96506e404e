"""Her side effects in the portal's JSON API, under /api/v1/portal/side-effects: the types
she may report (in plain words), her reports with their state, a new report, and the
photos she sent. The report's state, clinic, session and lots are the server's to derive:
the input refuses any field beyond the type, the onset and the description."""

from datetime import date

from django.http import HttpRequest, HttpResponseBase
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.assessments.photo_api import JPEG_RESPONSE
from mesoclinic.assessments.responses import photo_response
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.portal.access import portal_actor, portal_patient, portal_read
from mesoclinic.portal.side_effects.services import (
    DESCRIPTION_MAX,
    ReportView,
    her_report,
    her_report_photo,
    her_reports,
    plain_words,
    reportable_types,
    side_effect_report,
)
from mesoclinic.validation import Day, Id, Line, Text

router = Router(tags=["portal"])


class SideEffectTypeOut(Schema):
    key: str
    words: str
    call_at_once: bool = Field(description="Reporting it tells her to call the clinic at once.")


class SideEffectIn(Schema):
    model_config = ConfigDict(extra="forbid")
    event_type: Line = Field(min_length=1, max_length=60, description="A key from /types.")
    onset_on: Day = Field(description="Not in the future, not before her first session.")
    description: Text = Field(min_length=1, max_length=DESCRIPTION_MAX)


class SideEffectOut(Schema):
    id: int
    event_type: str
    words: str
    onset_on: date
    description: str
    awaiting_review: bool
    resolved_on: date | None
    state: str
    call_now: str = Field(description="For a serious type: call the clinic at once; else empty.")
    photo_ids: list[int]


def _out(report: ReportView) -> SideEffectOut:
    event = report.event
    return SideEffectOut(
        id=event.id,
        event_type=event.event_type,
        words=report.what,
        onset_on=event.onset_on,
        description=event.description,
        awaiting_review=event.awaiting_report_review,
        resolved_on=event.resolved_on,
        state=report.state,
        call_now=report.call_now,
        photo_ids=report.photo_ids,
    )


@router.get("/types", response=list[SideEffectTypeOut])
def side_effect_types(request: HttpRequest) -> list[SideEffectTypeOut]:
    """What she may report, from her clinic's protocol, in plain words."""
    patient = portal_read(request, "side effect types")
    return [
        SideEffectTypeOut(key=t.key, words=plain_words(t), call_at_once=t.serious)
        for t in reportable_types(clinic_protocol(patient.clinic))
    ]


@router.get("", response=list[SideEffectOut])
def list_side_effects(request: HttpRequest) -> list[SideEffectOut]:
    # Her reads are audited by the selectors below, as on her pages.
    patient = portal_patient(request)
    return [_out(report) for report in her_reports(portal_actor(request), patient)]


@router.post("", response={201: SideEffectOut})
def report_side_effect(request: HttpRequest, payload: SideEffectIn) -> Status[SideEffectOut]:
    """Her report, linked to her last session on or before the onset; awaiting review.
    A serious type answers with `call_now` set."""
    patient = portal_patient(request)
    actor = portal_actor(request)
    event = side_effect_report(actor=actor, patient=patient, **payload.model_dump())
    return Status(201, _out(her_report(actor, patient, event.id)))


@router.get("/{event_id}", response=SideEffectOut)
def read_side_effect(request: HttpRequest, event_id: Id) -> SideEffectOut:
    patient = portal_patient(request)
    return _out(her_report(portal_actor(request), patient, event_id))


@router.get("/photos/{photo_id}", openapi_extra=JPEG_RESPONSE)
def read_side_effect_photo(request: HttpRequest, photo_id: Id) -> HttpResponseBase:
    patient = portal_patient(request)
    photo = her_report_photo(portal_actor(request), patient, photo_id)
    return photo_response(photo, thumbnail=False, kind="side-effect-photo")
