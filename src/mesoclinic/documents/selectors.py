"""Every patient document, read through the access-checked selectors: clinical content,
so the CLINICAL capability at the record's clinic. A record that is not the actor's to
read is not found, exactly like a missing one, and each document is audited as a read of
the patient's record, naming the document by kind and record id only."""

from dataclasses import dataclass

from django.db import transaction

from mesoclinic.access import Capability, access_patient, get_in_clinics_or_404, scoped
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.charting.selectors import access_sessions
from mesoclinic.courses.models import Course
from mesoclinic.courses.selectors import access_course, patient_courses
from mesoclinic.documents.aftercare import aftercare_context
from mesoclinic.documents.models import SharedDocument
from mesoclinic.documents.plan import plan_context
from mesoclinic.documents.progress_report import progress_report_context
from mesoclinic.documents.rendering import Document
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.progress.selectors import course_progress


def plan_document(actor: Actor, course_id: int) -> Document:
    course = access_course(actor, course_id, purpose="treatment plan document")
    return Document(
        template="documents/plan.html",
        title="Your treatment plan",
        clinic=course.clinic,
        patient_name=str(course.patient),
        record_id=course.id,
        context=plan_context(course),
    )


def progress_document(actor: Actor, course_id: int) -> Document:
    view = course_progress(actor, course_id, purpose="progress report document")
    course = view.course
    return Document(
        template="documents/progress.html",
        title="Your progress report",
        clinic=course.clinic,
        patient_name=str(course.patient),
        record_id=course.id,
        context=progress_report_context(actor, view),
    )


def access_document_session(actor: Actor, session_id: int) -> TreatmentSession:
    """A chart that gives the patient an aftercare sheet, or 404. A chart entered in error
    gives nothing to take home, as on the chart page."""
    with transaction.atomic():
        session = get_in_clinics_or_404(
            access_sessions(actor)
            .filter(status=RecordStatus.ACTIVE)
            .select_related("course", "patient", "clinic"),
            id=session_id,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"chart {session.id} aftercare document",
            clinic_id=session.clinic_id,
            patient_id=session.patient_id,
        )
    return session


def aftercare_document(actor: Actor, session_id: int) -> Document:
    session = access_document_session(actor, session_id)
    return Document(
        template="documents/aftercare.html",
        title="Aftercare after your session",
        clinic=session.clinic,
        patient_name=str(session.patient),
        record_id=session.id,
        context=aftercare_context(session),
    )


@dataclass(frozen=True)
class PatientDocuments:
    patient: Patient
    courses: list[Course]
    sessions: list[TreatmentSession]
    # Every copy shared in her portal, withdrawn ones too, newest first.
    shared: list[SharedDocument]
    # Those she can open now (`SharedDocument.objects.in_portal`).
    in_portal: set[int]


def shared_with(actor: Actor, patient: Patient) -> list[SharedDocument]:
    """Every copy shared in the patient's portal, withdrawn ones too, newest first. Not
    audited on its own: the caller read the patient through `access_patient`."""
    return list(
        scoped(SharedDocument.objects.all(), actor, Capability.CLINICAL)
        .filter(patient_id=patient.id)
        .select_related("clinic", "shared_by", "withdrawn_by")
        .defer("html")
        .order_by("-shared_at", "-id")
    )


def patient_documents(actor: Actor, patient_id: int) -> PatientDocuments:
    """The documents a patient can be given: one plan and one progress report per course,
    one aftercare sheet per standing chart, newest first; and those shared with her."""
    patient = access_patient(
        actor, patient_id, Capability.CLINICAL, target="patient documents list"
    )
    sessions = list(
        access_sessions(actor)
        .filter(patient_id=patient.id, status=RecordStatus.ACTIVE)
        .order_by("-performed_on", "-id")
    )
    shared = shared_with(actor, patient)
    in_portal = set(
        SharedDocument.objects.in_portal()
        .filter(id__in=[share.id for share in shared])
        .values_list("id", flat=True)
    )
    return PatientDocuments(
        patient=patient,
        courses=patient_courses(actor, patient),
        sessions=sessions,
        shared=shared,
        in_portal=in_portal,
    )
