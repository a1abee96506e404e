"""Patient documents on request: each PDF is rendered within the request (a fraction of a
second at demo size, see docs/benchmarks/documents.md) and answered as a download that no
cache keeps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mesoclinic.audit.actor import actor_from
from mesoclinic.documents.rendering import pdf_response
from mesoclinic.documents.selectors import (
    aftercare_document,
    patient_documents,
    plan_document,
    progress_document,
)


@never_cache
@require_GET
def plan_pdf(request: HttpRequest, course_id: int) -> HttpResponse:
    return pdf_response(plan_document(actor_from(request), course_id))


@never_cache
@require_GET
def progress_pdf(request: HttpRequest, course_id: int) -> HttpResponse:
    return pdf_response(progress_document(actor_from(request), course_id))


@never_cache
@require_GET
def aftercare_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    return pdf_response(aftercare_document(actor_from(request), session_id))


@never_cache
@require_GET
def patient_document_list(request: HttpRequest, patient_id: int) -> HttpResponse:
    found = patient_documents(actor_from(request), patient_id)
    return render(request, "documents/patient.html", {"found": found, "patient": found.patient})
