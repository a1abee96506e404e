"""Assessments and photos in the JSON API. Input schemas refuse unknown fields, so values
the server owns (clinic, author, signed time, status, CSS total and band) cannot be sent."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict, Field

from mesoclinic.assessments.models import Assessment, Photo
from mesoclinic.assessments.presenters import area_views
from mesoclinic.assessments.reassessments import course_reassessment
from mesoclinic.assessments.responses import photo_response
from mesoclinic.assessments.selectors import (
    access_assessment,
    access_clinical_patient,
    access_photo,
    assessments_of,
)
from mesoclinic.assessments.services import (
    KEEP,
    Keep,
    assessment_amend,
    assessment_create,
    assessment_sign,
    photo_add,
    reassessment_create,
)
from mesoclinic.audit.actor import actor_from
from mesoclinic.courses.models import Course
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.grading import ExamFindings
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.validation import Day, Id, Line, Text

router = Router(tags=["assessments"])

Measure = Decimal


class Findings(Schema):
    model_config = ConfigDict(extra="forbid")
    dimpling_on_pinch: bool
    visible_standing: bool
    visible_lying: bool


class CSSItemsIn(Schema):
    """Hexsel CSS items A–D, 0–3 each. E is the NM grade and is taken from it: leave it
    out, or give the same value."""

    model_config = ConfigDict(extra="forbid")
    a: int = Field(ge=0, le=3)
    b: int = Field(ge=0, le=3)
    c: int = Field(ge=0, le=3)
    d: int = Field(ge=0, le=3)
    e: int | None = Field(default=None, ge=0, le=3)


class AssessmentAreaIn(Schema):
    model_config = ConfigDict(extra="forbid")
    area: Line = Field(max_length=50)
    side: Literal["left", "right"] | None = None
    nm_grade: int | None = Field(default=None, ge=0, le=3)
    findings: Findings | None = Field(
        default=None, description="When given, the NM grade follows from these findings."
    )
    css: CSSItemsIn | None = None
    circumference_cm: Measure | None = Field(default=None, gt=0, max_digits=4, decimal_places=1)
    landmark: Line = Field(
        default="",
        max_length=200,
        description="Left empty with a circumference: the last landmark used there.",
    )
    gais: int | None = Field(
        default=None, ge=1, le=5, description="Follow-ups only: 1 very much improved … 5 worse."
    )

    def entry(self) -> AreaEntry:
        css = self.css
        return AreaEntry(
            area=self.area,
            side=self.side,
            nm_grade=self.nm_grade,
            findings=ExamFindings(**self.findings.model_dump()) if self.findings else None,
            css_items=(css.a, css.b, css.c, css.d, css.e) if css else (None,) * 5,
            circumference_cm=self.circumference_cm,
            landmark=self.landmark,
            gais=self.gais,
        )


class AssessmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    assessed_on: Day
    kind: Literal["initial", "follow_up"]
    weight_kg: Measure | None = Field(default=None, gt=0, max_digits=4, decimal_places=1)
    notes: Text = Field(default="", max_length=5000)
    areas: list[AssessmentAreaIn] = Field(min_length=1, max_length=50)


class ReassessmentIn(Schema):
    """A reassessment of the course: every area of its baseline, the clinician's GAIS for
    each, at the baseline's landmarks (leave `landmark` empty). The course, the patient and
    the kind (follow-up) come from the course."""

    model_config = ConfigDict(extra="forbid")
    assessed_on: Day
    weight_kg: Measure | None = Field(default=None, gt=0, max_digits=4, decimal_places=1)
    notes: Text = Field(default="", max_length=5000)
    patient_satisfaction: int | None = Field(
        default=None,
        description="1 very dissatisfied, 2 dissatisfied, 3 neither, 4 satisfied, "
        "5 very satisfied; null when not asked.",
    )
    patient_gais: int | None = Field(
        default=None,
        description="The patient's own GAIS: 1 very much improved … 5 worse; null when not asked.",
    )
    areas: list[AssessmentAreaIn] = Field(min_length=1, max_length=50)


class AssessmentAmendmentIn(Schema):
    """Only the fields sent change; each area sent replaces that area and side's values."""

    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1, max_length=300)
    assessed_on: Day | None = None
    weight_kg: Measure | None = Field(default=None, gt=0, max_digits=4, decimal_places=1)
    notes: Text | None = Field(default=None, max_length=5000)
    areas: list[AssessmentAreaIn] = Field(default=[], max_length=50)
    patient_satisfaction: int | None = Field(
        default=None, description="A reassessment's only; null clears it (not asked)."
    )
    patient_gais: int | None = Field(
        default=None, description="A reassessment's only; null clears it (not asked)."
    )


class AreaOut(Schema):
    id: int
    area: str
    side: str | None
    label: str
    nm_grade: int
    graded_from_findings: bool
    findings: Findings | None
    css: dict[str, int] | None
    css_total: int | None
    css_band: str | None
    circumference_cm: Decimal | None
    landmark: str
    gais: int | None
    worst: bool


class AssessmentAmendmentOut(Schema):
    id: int
    author: str
    at: datetime
    reason: str
    changes: dict[str, list[Any]]


class PhotoOut(Schema):
    id: int
    assessment_id: int
    area_id: int | None
    pose: str
    status: str
    width: int
    height: int
    created_at: datetime
    url: str


class AssessmentOut(Schema):
    id: int
    patient_id: int
    clinic_id: int
    author: str
    assessed_on: date
    kind: str
    weight_kg: Decimal | None
    notes: str
    protocol_name: str
    protocol_version: str
    status: str
    status_reason: str
    signed_at: datetime | None
    created_at: datetime
    course_id: int | None = Field(description="The course a reassessment measures.")
    patient_satisfaction: int | None
    patient_gais: int | None
    areas: list[AreaOut]
    worst_area: AreaOut | None
    amendments: list[AssessmentAmendmentOut]


def _area_out(view: Any) -> dict[str, Any]:
    row, scored = view.row, view.scored
    return {
        "id": row.id,
        "area": row.area,
        "side": row.side or None,
        "label": view.label,
        "nm_grade": scored.nm_grade,
        "graded_from_findings": scored.graded_from_findings,
        "findings": {
            "dimpling_on_pinch": row.dimpling_on_pinch,
            "visible_standing": row.visible_standing,
            "visible_lying": row.visible_lying,
        }
        if scored.graded_from_findings
        else None,
        "css": dict(zip("abcde", scored.css.items, strict=True)) if scored.css else None,
        "css_total": scored.css_total,
        "css_band": scored.css_band,
        "circumference_cm": scored.circumference_cm,
        "landmark": scored.landmark,
        "gais": scored.gais,
        "worst": view.is_worst,
    }


def _assessment_out(assessment: Assessment) -> dict[str, Any]:
    views = area_views(assessment, clinic_protocol(assessment.clinic))
    areas = [_area_out(view) for view in views]
    return {
        "id": assessment.id,
        "patient_id": assessment.patient_id,
        "clinic_id": assessment.clinic_id,
        "author": assessment.author.get_username(),
        "assessed_on": assessment.assessed_on,
        "kind": assessment.kind,
        "weight_kg": assessment.weight_kg,
        "notes": assessment.notes,
        "protocol_name": assessment.protocol_name,
        "protocol_version": assessment.protocol_version,
        "status": assessment.status,
        "status_reason": assessment.status_reason,
        "signed_at": assessment.signed_at,
        "created_at": assessment.created_at,
        "course_id": assessment.course_id,
        "patient_satisfaction": assessment.patient_satisfaction,
        "patient_gais": assessment.patient_gais,
        "areas": areas,
        "worst_area": next((area for area in areas if area["worst"]), None),
        "amendments": [
            {
                "id": amendment.id,
                "author": amendment.author.get_username(),
                "at": amendment.at,
                "reason": amendment.reason,
                "changes": amendment.changes,
            }
            for amendment in assessment.amendments.select_related("author")
        ],
    }


def _photo_out(photo: Photo) -> dict[str, Any]:
    return {
        "id": photo.id,
        "assessment_id": photo.assessment_id,
        "area_id": photo.area_score_id,
        "pose": photo.pose,
        "status": photo.status,
        "width": photo.width,
        "height": photo.height,
        "created_at": photo.created_at,
        "url": f"/api/v1/photos/{photo.id}",
    }


@router.get("/patients/{patient_id}/assessments", response=list[AssessmentOut])
def list_assessments(request: HttpRequest, patient_id: Id) -> list[dict[str, Any]]:
    actor = actor_from(request, via="api")
    patient = access_clinical_patient(actor, patient_id, target="assessments")
    return [_assessment_out(assessment) for assessment in assessments_of(actor, patient)]


@router.post("/patients/{patient_id}/assessments", response={201: AssessmentOut})
def create_assessment(request: HttpRequest, patient_id: Id, payload: AssessmentIn) -> Status:
    actor = actor_from(request, via="api")
    assessment = assessment_create(
        actor=actor,
        patient_id=patient_id,
        assessed_on=payload.assessed_on,
        kind=payload.kind,
        weight_kg=payload.weight_kg,
        notes=payload.notes,
        areas=[area.entry() for area in payload.areas],
    )
    return Status(201, _assessment_out(assessment))


@router.post("/courses/{course_id}/reassessments", response={201: AssessmentOut})
def create_reassessment(request: HttpRequest, course_id: Id, payload: ReassessmentIn) -> Status:
    """A follow-up assessment of the course, against its baseline."""
    actor = actor_from(request, via="api")
    assessment = reassessment_create(
        actor=actor,
        course_id=course_id,
        assessed_on=payload.assessed_on,
        weight_kg=payload.weight_kg,
        notes=payload.notes,
        patient_satisfaction=payload.patient_satisfaction,
        patient_gais=payload.patient_gais,
        areas=[area.entry() for area in payload.areas],
    )
    return Status(201, _assessment_out(assessment))


class ReassessmentTakenOut(Schema):
    id: int
    assessed_on: date
    signed: bool
    patient_satisfaction: int | None
    patient_gais: int | None


class CourseReassessmentOut(Schema):
    due: bool
    reason: str | None = Field(description="Why the reassessment due now is due.")
    due_at_session: int | None
    next_at_session: int | None
    next_reason: str | None
    reassessments: list[ReassessmentTakenOut]


def course_reassessment_out(course: Course) -> dict[str, Any]:
    """The course's reassessment status as the course read shows it."""
    shown = course_reassessment(course)
    due, upcoming = shown.status.due, shown.status.next
    return {
        "due": due is not None,
        "reason": due.reason if due else None,
        "due_at_session": due.at_session if due else None,
        "next_at_session": upcoming.at_session if upcoming else None,
        "next_reason": upcoming.reason if upcoming else None,
        "reassessments": [
            {
                "id": taken.id,
                "assessed_on": taken.assessed_on,
                "signed": taken.is_signed,
                "patient_satisfaction": taken.patient_satisfaction,
                "patient_gais": taken.patient_gais,
            }
            for taken in shown.reassessments
        ],
    }


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def read_assessment(request: HttpRequest, assessment_id: Id) -> dict[str, Any]:
    return _assessment_out(access_assessment(actor_from(request, via="api"), assessment_id))


@router.post("/assessments/{assessment_id}/sign", response=AssessmentOut)
def sign_assessment(request: HttpRequest, assessment_id: Id) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    assessment = access_assessment(actor, assessment_id, purpose="sign")
    return _assessment_out(assessment_sign(actor=actor, assessment=assessment))


@router.post("/assessments/{assessment_id}/amendments", response={201: AssessmentOut})
def amend_assessment(
    request: HttpRequest, assessment_id: Id, payload: AssessmentAmendmentIn
) -> Status:
    actor = actor_from(request, via="api")
    assessment = access_assessment(actor, assessment_id, purpose="amend")
    sent = payload.model_fields_set
    if "assessed_on" in sent and payload.assessed_on is None:
        raise DomainError("assessed_on", "An assessment needs its date.")
    if "notes" in sent and payload.notes is None:
        raise DomainError("notes", "Send empty text to clear the notes.")
    assessed_on: date | Keep = payload.assessed_on if payload.assessed_on else KEEP
    weight_kg: Decimal | Keep | None = payload.weight_kg if "weight_kg" in sent else KEEP
    notes: str | Keep = payload.notes if payload.notes is not None else KEEP
    assessment_amend(
        actor=actor,
        assessment=assessment,
        reason=payload.reason,
        assessed_on=assessed_on,
        weight_kg=weight_kg,
        notes=notes,
        areas=[area.entry() for area in payload.areas],
        patient_satisfaction=(
            payload.patient_satisfaction if "patient_satisfaction" in sent else KEEP
        ),
        patient_gais=payload.patient_gais if "patient_gais" in sent else KEEP,
    )
    assessment.refresh_from_db()
    return Status(201, _assessment_out(assessment))


@router.get("/assessments/{assessment_id}/photos", response=list[PhotoOut])
def list_photos(request: HttpRequest, assessment_id: Id) -> list[dict[str, Any]]:
    actor = actor_from(request, via="api")
    assessment = access_assessment(actor, assessment_id, purpose="photos")
    return [_photo_out(photo) for photo in assessment.photos.all()]


UPLOAD_FIELDS = {"pose", "area_id", "csrfmiddlewaretoken"}


@router.post("/assessments/{assessment_id}/photos", response={201: PhotoOut})
def upload_photo(
    request: HttpRequest,
    assessment_id: Id,
    pose: Form[Line],
    file: File[UploadedFile],
    area_id: Form[Id | None] = None,
) -> Status:
    """Multipart upload: `file` (JPEG or PNG), `pose`, optional `area_id`."""
    unknown = sorted(set(request.POST) - UPLOAD_FIELDS)
    if unknown:
        raise DomainError(unknown[0], "This field is set by the server and cannot be sent.")
    actor = actor_from(request, via="api")
    assessment = access_assessment(actor, assessment_id, purpose="photo upload")
    photo = photo_add(
        actor=actor, assessment=assessment, pose=pose, upload=file, area_score_id=area_id
    )
    return Status(201, _photo_out(photo))


JPEG_RESPONSE = {
    "responses": {
        "200": {
            "description": "The photo as JPEG",
            "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("/photos/{photo_id}", openapi_extra=JPEG_RESPONSE)
def read_photo(request: HttpRequest, photo_id: Id) -> HttpResponseBase:
    """The photo itself (JPEG), never cached."""
    return photo_response(access_photo(actor_from(request, via="api"), photo_id), thumbnail=False)


@router.get("/photos/{photo_id}/thumbnail", openapi_extra=JPEG_RESPONSE)
def read_photo_thumbnail(request: HttpRequest, photo_id: Id) -> HttpResponseBase:
    photo = access_photo(actor_from(request, via="api"), photo_id, variant="thumbnail")
    return photo_response(photo, thumbnail=True)
