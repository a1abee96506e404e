"""Patient documents as PDF through the API: the same selectors and rendering as the
pages, answered as application/pdf."""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from mesoclinic.audit.actor import actor_from
from mesoclinic.documents.rendering import pdf_response
from mesoclinic.documents.selectors import aftercare_document, plan_document, progress_document
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
