"""Patient documents on request: each PDF is rendered within the request (a fraction of a
second at demo size, see docs/benchmarks/documents.md) and answered as a download that no
cache keeps. Share and Stop sharing put a copy in the patient's portal or take it out."""

from django.contrib import messages as notices
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mesoclinic.access import get_in_clinics_or_404
from mesoclinic.audit.actor import actor_from
from mesoclinic.documents.models import DocumentKind
from mesoclinic.documents.rendering import pdf_response
from mesoclinic.documents.selectors import (
    aftercare_document,
    patient_documents,
    plan_document,
    progress_document,
)
from mesoclinic.documents.sharing import access_shared_documents, document_share, document_unshare
from mesoclinic.domain.errors import DomainError


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


def _back(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    """Back to the page the button was on, else to where the document is made."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    if kind == DocumentKind.AFTERCARE:
        return redirect("charting:detail", session_id=record_id)
    return redirect("courses:detail", course_id=record_id)


@require_POST
def share(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    if kind not in DocumentKind.values:
        raise Http404("No such document.")
    try:
        shared = document_share(actor=actor_from(request), kind=kind, record_id=record_id)
    except DomainError as refused:
        notices.error(request, refused.message)
    else:
        notices.success(request, f"Shared with the patient in her portal: {shared.title}.")
    return _back(request, kind, record_id)


@require_POST
def unshare(request: HttpRequest, share_id: int) -> HttpResponse:
    actor = actor_from(request)
    try:
        shared = document_unshare(actor=actor, share_id=share_id)
    except DomainError as refused:
        notices.error(request, refused.message)
        shared = get_in_clinics_or_404(access_shared_documents(actor), id=share_id)
    else:
        notices.success(request, f"No longer shared with the patient: {shared.title}.")
    return _back(request, shared.kind, int(shared.record_id))
