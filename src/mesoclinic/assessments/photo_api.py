"""A patient's photos of both kinds, session photo images, and each photo's consent of use
in the JSON API. Mounted under the assessments router."""

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from mesoclinic.assessments.gallery import PatientPhoto, patient_photos
from mesoclinic.assessments.models import PhotoKind
from mesoclinic.assessments.photo_consent import AnyPhoto, consent_changes, photo_consent_update
from mesoclinic.assessments.responses import photo_response
from mesoclinic.assessments.selectors import access_clinical_patient, access_photo
from mesoclinic.audit.actor import actor_from
from mesoclinic.charting.photos import access_session_photo
from mesoclinic.courses.selectors import access_course
from mesoclinic.validation import Id, Line

router = Router(tags=["photos"])

USES_DESCRIPTION = (
    "What the patient agreed the photo may be used for: `record` (always, the clinical "
    "record), `report` (a progress report given to the patient), `marketing` (shown "
    "outside the clinic)."
)


class PatientPhotoOut(Schema):
    key: str = Field(description="`a<id>` for an assessment photo, `s<id>` for a session photo")
    kind: str
    id: int
    pose: str
    taken_on: date
    caption: str
    uses: list[str] = Field(description=USES_DESCRIPTION)
    width: int
    height: int
    url: str


class PhotoConsentChangeOut(Schema):
    author: str
    at: datetime
    before: list[str]
    after: list[str]


class PhotoConsentOut(Schema):
    photo_id: int
    kind: str
    uses: list[str] = Field(description=USES_DESCRIPTION)
    changes: list[PhotoConsentChangeOut]


class PhotoConsentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    uses: list[Line] = Field(max_length=3, description=USES_DESCRIPTION)


def _api_url(photo: PatientPhoto) -> str:
    prefix = "photos" if photo.kind == PhotoKind.ASSESSMENT else "session-photos"
    return f"/api/v1/{prefix}/{photo.id}"


def _photo_out(photo: PatientPhoto) -> dict[str, Any]:
    return {
        "key": photo.key,
        "kind": photo.kind,
        "id": photo.id,
        "pose": photo.pose,
        "taken_on": photo.taken_on,
        "caption": photo.caption,
        "uses": list(photo.uses),
        "width": photo.width,
        "height": photo.height,
        "url": _api_url(photo),
    }


def _consent_out(photo: AnyPhoto, kind: PhotoKind) -> dict[str, Any]:
    return {
        "photo_id": photo.id,
        "kind": kind,
        "uses": photo.uses,
        "changes": [
            {
                "author": change.author.get_username(),
                "at": change.at,
                "before": change.before,
                "after": change.after,
            }
            for change in consent_changes(photo)
        ],
    }


@router.get("/patients/{patient_id}/photos", response=list[PatientPhotoOut])
def list_patient_photos(
    request: HttpRequest, patient_id: Id, course: Id | None = None
) -> list[dict[str, Any]]:
    """The patient's photos in use, both kinds, oldest first; `course` keeps that course's."""
    actor = actor_from(request, via="api")
    patient = access_clinical_patient(actor, patient_id, target="photos")
    chosen = None
    if course is not None:
        chosen = access_course(actor, course, purpose="photos")
        if chosen.patient_id != patient.id:
            raise Http404("No such course.")
    return [_photo_out(photo) for photo in patient_photos(actor, patient, chosen)]


@router.get("/photos/{photo_id}/consent", response=PhotoConsentOut)
def read_photo_consent(request: HttpRequest, photo_id: Id) -> dict[str, Any]:
    photo = access_photo(actor_from(request, via="api"), photo_id, variant="consent of use")
    return _consent_out(photo, PhotoKind.ASSESSMENT)


@router.put("/photos/{photo_id}/consent", response=PhotoConsentOut)
def change_photo_consent(
    request: HttpRequest, photo_id: Id, payload: PhotoConsentIn
) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    photo = access_photo(actor, photo_id, variant="consent of use")
    changed = photo_consent_update(actor=actor, photo=photo, uses=payload.uses)
    return _consent_out(changed, PhotoKind.ASSESSMENT)


@router.get("/session-photos/{session_photo_id}/consent", response=PhotoConsentOut)
def read_session_photo_consent(request: HttpRequest, session_photo_id: Id) -> dict[str, Any]:
    photo = access_session_photo(actor_from(request, via="api"), session_photo_id)
    return _consent_out(photo, PhotoKind.SESSION)


@router.put("/session-photos/{session_photo_id}/consent", response=PhotoConsentOut)
def change_session_photo_consent(
    request: HttpRequest, session_photo_id: Id, payload: PhotoConsentIn
) -> dict[str, Any]:
    actor = actor_from(request, via="api")
    photo = access_session_photo(actor, session_photo_id)
    changed = photo_consent_update(actor=actor, photo=photo, uses=payload.uses)
    return _consent_out(changed, PhotoKind.SESSION)


JPEG_RESPONSE = {
    "responses": {
        "200": {
            "description": "The photo as JPEG",
            "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("/session-photos/{session_photo_id}", openapi_extra=JPEG_RESPONSE)
def read_session_photo(request: HttpRequest, session_photo_id: Id) -> HttpResponseBase:
    """A photo taken after a session (JPEG), never cached."""
    photo = access_session_photo(actor_from(request, via="api"), session_photo_id)
    return photo_response(photo, thumbnail=False, kind="session-photo")
