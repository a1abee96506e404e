"""The demo patient's portal has documents: her running course's treatment plan and the
aftercare sheet of her latest session, shared by the practitioner who charted it."""

from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.documents.models import DocumentKind, SharedDocument
from mesoclinic.documents.sharing import document_share
from mesoclinic.patients.models import Patient, RecordStatus


def share_demo_documents(patient: Patient) -> list[SharedDocument]:
    latest = (
        TreatmentSession.objects.filter(patient=patient, status=RecordStatus.ACTIVE)
        .select_related("course")
        .order_by("-performed_on", "-id")
        .first()
    )
    if latest is None:
        return []
    actor = Actor(user=latest.author, via="cli")
    return [
        document_share(
            actor=actor, kind=DocumentKind.PLAN, record_id=latest.course_id, tell_her=False
        ),
        document_share(
            actor=actor, kind=DocumentKind.AFTERCARE, record_id=latest.id, tell_her=False
        ),
    ]
