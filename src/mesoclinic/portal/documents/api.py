"""Her shared documents through the portal's API (/api/v1/portal/documents): the same
list and PDFs as her pages, found from her session."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from mesoclinic.documents.api import PDF
from mesoclinic.portal.access import portal_patient
from mesoclinic.portal.documents.views import her_document_pdf, her_documents
from mesoclinic.validation import Id

router = Router(tags=["portal"])


class HerDocumentOut(Schema):
    id: int
    kind: str
    title: str
    shared_at: datetime
    pdf_url: str


@router.get("", response=list[HerDocumentOut])
def list_documents(request: HttpRequest) -> list[HerDocumentOut]:
    """The documents the clinic shared with her, newest first."""
    return [
        HerDocumentOut(
            id=share.id,
            kind=share.kind,
            title=share.title,
            shared_at=share.shared_at,
            pdf_url=reverse("portal:document", kwargs={"share_id": share.id}),
        )
        for share in her_documents(request)
    ]


@router.get("/{share_id}.pdf", openapi_extra={"responses": PDF})
def document_pdf(request: HttpRequest, share_id: Id) -> HttpResponse:
    """One shared document, as a PDF."""
    return her_document_pdf(request, portal_patient(request), share_id)
