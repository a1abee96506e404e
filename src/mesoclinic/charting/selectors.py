from django.db import models, transaction
from django.db.models import Max

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.courses.models import Course
from mesoclinic.patients.models import RecordStatus


def access_sessions(actor: Actor) -> models.QuerySet[TreatmentSession]:
    return scoped(TreatmentSession.objects.all(), actor, Capability.CLINICAL)


def course_charts(course: Course) -> list[TreatmentSession]:
    """The charts of a course the caller has already read through `access_course`, in
    session order; one entered in error comes before the chart that replaced it."""
    return list(course.sessions.order_by("number", "-status", "performed_on", "id"))


def next_chart_number(course: Course) -> int:
    """The number of the course's next session: after every session recorded and every
    chart still standing. A chart entered in error frees its number for the chart that
    replaces it, unless a later chart stands."""
    highest = course.sessions.filter(status=RecordStatus.ACTIVE).aggregate(Max("number"))
    return max(course.sessions_done_total, highest["number__max"] or 0) + 1


def access_session(actor: Actor, session_id: int) -> TreatmentSession:
    """One chart with its areas and products, or 404; the read is audited."""
    with transaction.atomic():
        session = get_in_clinics_or_404(
            access_sessions(actor)
            .select_related("course", "patient", "clinic", "author", "status_changed_by")
            .prefetch_related(
                "areas", "applications__lot", "applications__product", "amendments__author"
            ),
            id=session_id,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"chart {session.id}",
            clinic_id=session.clinic_id,
            patient_id=session.patient_id,
        )
    return session
