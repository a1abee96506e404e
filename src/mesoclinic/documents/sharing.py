"""Sharing a document with the patient: staff with clinical access to her record put a copy
of a treatment plan, progress report or aftercare sheet in her portal, or stop sharing it.

The copy is the printed page's HTML at the moment of sharing, made by the same selectors and
template the staff download uses, so what she opens is what the clinic saw when it pressed
Share. Each share and withdrawal is audited in the transaction that makes it; she is told by email
that something is waiting (never what) when she has a portal account and allows contact.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from mesoclinic.access import Capability, access_patient, get_in_clinics_or_404, scoped
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.documents.models import DocumentKind, SharedDocument
from mesoclinic.documents.rendering import Document, document_html
from mesoclinic.documents.selectors import (
    aftercare_document,
    plan_document,
    progress_document,
    shared_with,
)
from mesoclinic.domain.errors import DomainError
from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.services import message_queue
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.addresses import patient_address
from mesoclinic.portal.models import PatientAccount

log = logging.getLogger(__name__)

RENDERERS: dict[str, Callable[[Actor, int], Document]] = {
    DocumentKind.PLAN: plan_document,
    DocumentKind.PROGRESS_REPORT: progress_document,
    DocumentKind.AFTERCARE: aftercare_document,
}


@dataclass(frozen=True)
class Source:
    """A document as it reads now, with whose it is and what the portal calls it."""

    document: Document
    patient: Patient
    title: str


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _source(actor: Actor, kind: str, record_id: int) -> Source:
    renderer = RENDERERS.get(kind)
    if renderer is None:
        raise DomainError(
            "kind", "Choose a treatment plan, a progress report or an aftercare sheet."
        )
    document = renderer(actor, record_id)  # 404 when not the actor's to read; audited
    if kind == DocumentKind.AFTERCARE:
        session = document.context["session"]
        title = f"Aftercare sheet for session {session.number}, {_day(session.performed_on)}"
        return Source(document=document, patient=session.patient, title=title)
    course = document.context["course"]
    label = DocumentKind(kind).label
    title = f"{label} for the course from {_day(course.starts_on)}"
    return Source(document=document, patient=course.patient, title=title)


def access_shared_documents(actor: Actor) -> models.QuerySet[SharedDocument]:
    """Shares at the clinics where the actor may read clinical records."""
    return scoped(SharedDocument.objects.all(), actor, Capability.CLINICAL)


def current_share(actor: Actor, kind: str, record_id: int) -> SharedDocument | None:
    """The copy of this document now in her portal, if any, for the staff pages' Share
    button. Not audited: it names no clinical content, and the page showing it read the
    record already."""
    return (
        access_shared_documents(actor)
        .filter(kind=kind, record_id=record_id, withdrawn_at__isnull=True)
        .first()
    )


def document_share(
    *, actor: Actor, kind: str, record_id: int, tell_her: bool = True
) -> SharedDocument:
    """Put the document, as it reads now, in the patient's portal. A copy shared before is
    withdrawn in the same transaction: she sees one copy of each document, the newest.
    `tell_her=False` sends no email (the demo, loaded with no one to write to)."""
    with transaction.atomic():
        source = _source(actor, kind, record_id)
        now = timezone.now()
        earlier = _current_copy(kind, record_id)
        if earlier is not None:
            _withdraw(actor, earlier, now)
        try:
            with transaction.atomic():  # a savepoint: a colleague's share at the same moment wins
                share = SharedDocument.objects.create(
                    clinic=source.document.clinic,
                    patient=source.patient,
                    kind=kind,
                    record_id=record_id,
                    title=source.title,
                    html=document_html(source.document),
                    shared_at=source.document.generated_at,
                    shared_by=actor.user,
                )
        except IntegrityError:
            raise DomainError(
                "share",
                "A colleague shared this document at the same moment: reload the page to see it.",
            ) from None
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=f"shared {kind} document {record_id} with the patient (share {share.id})",
            clinic_id=share.clinic_id,
            patient_id=share.patient_id,
        )
        if tell_her:
            _tell_her(share)
    return share


def _current_copy(kind: str, record_id: int) -> SharedDocument | None:
    """The copy in her portal now, locked; none while a colleague's share of the same
    document has not yet committed (then the unique constraint decides)."""
    return (
        SharedDocument.objects.select_for_update()
        .filter(kind=kind, record_id=record_id, withdrawn_at__isnull=True)
        .first()
    )


def document_unshare(*, actor: Actor, share_id: int) -> SharedDocument:
    """Take the document out of her portal. Its row stays, marked withdrawn."""
    with transaction.atomic():
        share = get_in_clinics_or_404(
            access_shared_documents(actor).select_for_update(), id=share_id
        )
        if share.withdrawn_at is not None:
            raise DomainError("share", "This document is no longer shared with the patient.")
        _withdraw(actor, share, timezone.now())
    return share


def _withdraw(actor: Actor, share: SharedDocument, now: datetime) -> None:
    share.withdrawn_at = now
    share.withdrawn_by = actor.user
    share.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        target=f"stopped sharing {share.kind} document {share.record_id} (share {share.id})",
        clinic_id=share.clinic_id,
        patient_id=share.patient_id,
    )


def _tell_her(share: SharedDocument) -> None:
    """One email a day at most, however many documents the clinic shares that day: it says
    only that something is waiting, with a link to sign in."""
    patient = share.patient
    account = PatientAccount.objects.filter(patient_id=patient.id, user__is_active=True).first()
    if account is None or not patient.may_contact or patient.status != RecordStatus.ACTIVE:
        return
    if not settings.SITE_URL:
        # Sharing must not fail for want of email settings; the deploy check warns of it.
        log.warning("No email about a shared document: SITE_URL is not set.")
        return
    clinic = share.clinic
    message_queue(
        kind="document_shared",
        key=f"document_shared:{patient.id}:{clinic_today(clinic).isoformat()}",
        clinic=clinic,
        patient=patient,
        to=patient_address(patient),
        template="portal/documents/email/new_document",
        context={
            "name": patient.given_name,
            "clinic_name": clinic.name,
            "link": absolute_url(reverse("portal:documents")),
        },
    )


def patient_shared_documents(actor: Actor, patient_id: int) -> list[SharedDocument]:
    """Every copy ever shared with the patient, withdrawn ones too, newest first; the read
    of her record is audited."""
    patient = access_patient(
        actor, patient_id, Capability.CLINICAL, target="patient shared documents list"
    )
    return shared_with(actor, patient)
