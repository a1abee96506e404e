"""Patient documents as PDF through the API: the same selectors and rendering as the
pages, answered as application/pdf. Sharing one in the patient's portal, and stopping,
as on the pages."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from mesoclinic.audit.actor import actor_from
from mesoclinic.documents.models import DocumentKind, SharedDocument
from mesoclinic.documents.rendering import pdf_response
from mesoclinic.documents.selectors import aftercare_document, plan_document, progress_document
from mesoclinic.documents.sharing import document_share, document_unshare, patient_shared_documents
from mesoclinic.validation import Id

router = Router(tags=["documents"])

PDF = {200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}


@router.get("/courses/{course_id}/plan.pdf", openapi_extra={"responses": PDF})
def course_plan_pdf(request: HttpRequest, course_id: Id) -> HttpResponse:
    """The course's treatment plan for the patient, as a PDF."""
    return pdf_response(plan_document(actor_from(request, via="api"), course_id))


@router.get("/courses/{course_id}/progress-report.pdf", openapi_extra={"responses": PDF})
def course_progress_report_pdf(request: HttpRequest, course_id: Id) -> HttpResponse:
    """The course's progress report for the patient, as a PDF."""
    return pdf_response(progress_document(actor_from(request, via="api"), course_id))


@router.get("/sessions/{session_id}/aftercare.pdf", openapi_extra={"responses": PDF})
def session_aftercare_pdf(request: HttpRequest, session_id: Id) -> HttpResponse:
    """The aftercare sheet of a charted session, as a PDF."""
    return pdf_response(aftercare_document(actor_from(request, via="api"), session_id))


class ShareIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: DocumentKind = Field(description="plan, progress-report or aftercare.")
    record_id: Id = Field(description="The course (plan, progress report) or the chart.")


class SharedDocumentOut(Schema):
    id: int
    patient_id: int
    kind: str
    record_id: int
    title: str
    shared_at: datetime
    shared_by: str
    first_opened_at: datetime | None = Field(description="When she first opened it, if she did.")
    withdrawn_at: datetime | None = Field(description="When it left her portal, if it did.")


def _out(share: SharedDocument) -> dict[str, Any]:
    return {
        "id": share.id,
        "patient_id": share.patient_id,
        "kind": share.kind,
        "record_id": share.record_id,
        "title": share.title,
        "shared_at": share.shared_at,
        "shared_by": share.shared_by.get_username(),
        "first_opened_at": share.first_opened_at,
        "withdrawn_at": share.withdrawn_at,
    }


@router.post("/shared-documents", response={201: SharedDocumentOut})
def share_document(request: HttpRequest, body: ShareIn) -> Status[dict[str, Any]]:
    """Put a copy of the document, as it reads now, in the patient's portal; a copy shared
    before is withdrawn. She is emailed (no detail, a link) if she allows contact."""
    share = document_share(
        actor=actor_from(request, via="api"), kind=body.kind, record_id=body.record_id
    )
    return Status(201, _out(share))


@router.post("/shared-documents/{share_id}/stop", response=SharedDocumentOut)
def stop_sharing_document(request: HttpRequest, share_id: Id) -> dict[str, Any]:
    """Take the copy out of her portal (422 if it already left it)."""
    return _out(document_unshare(actor=actor_from(request, via="api"), share_id=share_id))


@router.get("/patients/{patient_id}/shared-documents", response=list[SharedDocumentOut])
def list_shared_documents(request: HttpRequest, patient_id: Id) -> list[dict[str, Any]]:
    """Every copy shared with the patient, withdrawn ones too, newest first."""
    return [
        _out(share)
        for share in patient_shared_documents(actor_from(request, via="api"), patient_id)
    ]
