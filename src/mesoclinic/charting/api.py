from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from mesoclinic.audit.actor import actor_from
from mesoclinic.charting.body_map import session_zones
from mesoclinic.charting.entered_in_error import session_mark_entered_in_error
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.charting.recall import recall_report
from mesoclinic.charting.selectors import access_session
from mesoclinic.charting.services import Application, ChartEntry, session_chart
from mesoclinic.courses.selectors import access_course
from mesoclinic.domain.charting import AreaTreated
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.validation import Day, Id, Line, Text, Volume

router = Router(tags=["charting"])


class TreatedArea(Schema):
    model_config = ConfigDict(extra="forbid")
    area: Line = Field(max_length=50)
    side: Line | None = Field(default=None, max_length=10)


class ApplicationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    lot_id: Id
    volume_ml: Volume


class ChartIn(Schema):
    # Unknown fields are refused: clinic, author, signed time and status belong to the server.
    model_config = ConfigDict(extra="forbid")
    performed_on: Day
    areas: list[TreatedArea] = Field(min_length=1, max_length=50)
    applications: list[ApplicationIn] = Field(min_length=1, max_length=50)
    technique: Line = Field(max_length=60)
    depth_mm: Decimal = Field(gt=0, le=20, max_digits=4, decimal_places=1)
    needle_gauge: int = Field(ge=18, le=34)
    needle_length_mm: Decimal = Field(gt=0, le=50, max_digits=4, decimal_places=1)
    duration_minutes: int = Field(ge=1, le=240)
    recheck: dict[Line, bool] = Field(max_length=50)
    recheck_reason: Text = Field(default="", max_length=300)
    interval_override_reason: Text = Field(default="", max_length=300)
    notes: Text = Field(default="", max_length=5000)


class ApplicationOut(Schema):
    lot_id: int
    product_id: int
    volume_ml: Decimal


class SessionZoneOut(Schema):
    area: str
    side: str | None
    label: str
    on_diagram: bool = Field(description="False: the body diagram has no place for it.")


class SessionOut(Schema):
    id: int
    course_id: int
    patient_id: int
    number: int
    performed_on: date
    technique: str
    depth_mm: Decimal
    needle_gauge: int
    needle_length_mm: Decimal
    duration_minutes: int
    areas: list[TreatedArea]
    zones: list[SessionZoneOut] = Field(
        description="The zones of the body map: an area charted without a side is each side."
    )
    volumes_in_one_zone: bool = Field(
        description=(
            "True when the session treated one zone, so every volume went to it; false: the "
            "chart records volumes for the whole session, not split between zones."
        )
    )
    applications: list[ApplicationOut]
    signed_at: str
    status: str
    status_reason: str
    status_changed_at: datetime | None
    status_changed_by: str | None


class SessionErrorIn(Schema):
    model_config = ConfigDict(extra="forbid")
    # An empty reason is refused by the service, with what to write.
    reason: Text = Field(max_length=300)


class RecallRowOut(Schema):
    patient_id: int
    patient: str
    phone: str
    email: str
    may_contact: bool
    session_id: int
    session_on: date
    areas: str
    volume_ml: Decimal
    events_after: str


def _out(session: TreatmentSession) -> dict[str, object]:
    zones = session_zones(session, clinic_protocol(session.clinic))
    return {
        "id": session.id,
        "course_id": session.course_id,
        "patient_id": session.patient_id,
        "number": session.number,
        "performed_on": session.performed_on,
        "technique": session.technique,
        "depth_mm": session.depth_mm,
        "needle_gauge": session.needle_gauge,
        "needle_length_mm": session.needle_length_mm,
        "duration_minutes": session.duration_minutes,
        "areas": [{"area": a.area, "side": a.side or None} for a in session.areas.all()],
        "zones": zones,
        "volumes_in_one_zone": len(zones) == 1,
        "applications": [
            {"lot_id": a.lot_id, "product_id": a.product_id, "volume_ml": a.volume_ml}
            for a in session.applications.all()
        ],
        "signed_at": session.signed_at.isoformat(),
        "status": session.status,
        "status_reason": session.status_reason,
        "status_changed_at": session.status_changed_at,
        "status_changed_by": (
            session.status_changed_by.get_username() if session.status_changed_by else None
        ),
    }


@router.post("/courses/{course_id}/sessions", response={201: SessionOut})
def chart_session(request: HttpRequest, course_id: Id, payload: ChartIn) -> Status[object]:
    """Chart and sign a session; refused with every guard's reason, field by field."""
    actor = actor_from(request, via="api")
    course = access_course(actor, course_id, "chart")
    entry = ChartEntry(
        performed_on=payload.performed_on,
        areas=[AreaTreated(a.area, a.side) for a in payload.areas],
        applications=[Application(a.lot_id, a.volume_ml) for a in payload.applications],
        technique=payload.technique,
        depth_mm=payload.depth_mm,
        needle_gauge=payload.needle_gauge,
        needle_length_mm=payload.needle_length_mm,
        duration_minutes=payload.duration_minutes,
        recheck=payload.recheck,
        recheck_reason=payload.recheck_reason,
        interval_override_reason=payload.interval_override_reason,
        notes=payload.notes,
    )
    session = session_chart(actor=actor, course=course, entry=entry)
    return Status(201, _out(access_session(actor, session.id)))


@router.get("/sessions/{session_id}", response=SessionOut)
def read_session(request: HttpRequest, session_id: Id) -> dict[str, object]:
    return _out(access_session(actor_from(request, via="api"), session_id))


@router.post("/sessions/{session_id}/entered-in-error", response=SessionOut)
def mark_entered_in_error(
    request: HttpRequest, session_id: Id, payload: SessionErrorIn
) -> dict[str, object]:
    """Mark the chart entered in error: kept and marked, its stock back on its lots, the
    session off the course's count."""
    actor = actor_from(request, via="api")
    session = access_session(actor, session_id)
    session_mark_entered_in_error(actor=actor, session=session, reason=payload.reason)
    return _out(access_session(actor, session_id))


@router.get("/lots/{lot_id}/recall-report", response=list[RecallRowOut])
def read_recall_report(request: HttpRequest, lot_id: Id) -> list[object]:
    _, rows = recall_report(actor_from(request, via="api"), lot_id)
    return list(rows)
