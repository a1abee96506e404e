"""Her documents in the portal: the treatment plans, progress reports and aftercare sheets
the clinic shared with her, newest first, each opened as a PDF made from the copy shared
(`documents.sharing`) by the renderer the staff use. Every read is audited; a document she
was never given, one the clinic stopped sharing, or one made from a record since marked
entered in error, is the same 404 as one that never was.
"""

import zoneinfo

from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.courses.models import Course
from mesoclinic.documents.models import DocumentKind, SharedDocument
from mesoclinic.documents.rendering import pdf_file_response, pdf_from_html
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import owned_or_404, portal_actor, portal_read, portal_view


def _shared(patient: Patient) -> models.QuerySet[SharedDocument]:
    return SharedDocument.objects.in_portal().filter(patient=patient)


def her_documents(request: HttpRequest) -> list[SharedDocument]:
    patient = portal_read(request, "portal documents list")
    return list(
        _shared(patient).select_related("clinic").defer("html").order_by("-shared_at", "-id")
    )


def her_course_documents(patient: Patient, course: Course) -> list[SharedDocument]:
    """What was shared from one of her courses: its plan and progress report, and the
    aftercare sheets of its sessions, newest first. The caller found the course as hers."""
    from_course = Q(kind__in=[DocumentKind.PLAN, DocumentKind.PROGRESS_REPORT], record_id=course.id)
    from_sessions = Q(
        kind=DocumentKind.AFTERCARE,
        record_id__in=TreatmentSession.objects.filter(course_id=course.id).values("id"),
    )
    return list(
        _shared(patient)
        .filter(from_course | from_sessions)
        .defer("html")
        .order_by("-shared_at", "-id")
    )


def her_document_pdf(request: HttpRequest, patient: Patient, share_id: int) -> HttpResponse:
    """The PDF of one shared copy, read into the audit trail by its kind and ids only. The
    first opening is noted on the share, for the clinic to see she has it."""
    with transaction.atomic():
        share = owned_or_404(_shared(patient).select_related("clinic"), patient, id=share_id)
        audit_record(
            actor=portal_actor(request),
            action=Action.READ,
            target=f"portal shared {share.kind} document {share.record_id} (share {share.id})",
            clinic_id=share.clinic_id,
            patient_id=patient.id,
        )
        if share.first_opened_at is None:
            opened = _shared(patient).filter(id=share.id, first_opened_at__isnull=True)
            opened.update(first_opened_at=timezone.now())
    local = share.shared_at.astimezone(zoneinfo.ZoneInfo(share.clinic.time_zone))
    return pdf_file_response(
        pdf_from_html(share.html),
        kind=share.kind,
        record_id=share.record_id,
        generated_local=local,
        inline=True,
    )


@never_cache
@require_GET
@portal_view
def document_list(request: HttpRequest, patient: Patient) -> HttpResponse:
    return render(
        request,
        "portal/documents/list.html",
        {"patient": patient, "clinic": patient.clinic, "documents": her_documents(request)},
    )


@never_cache
@require_GET
@portal_view
def document_pdf(request: HttpRequest, share_id: int, patient: Patient) -> HttpResponse:
    return her_document_pdf(request, patient, share_id)
