"""`session_mark_entered_in_error`: a chart written on the wrong patient or course, or by
mistake. It is never deleted: it is kept, marked, with who, when and why; its stock goes
back on its lots and the session comes off the course's count, all in one transaction."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.appointments.changes import appointment_reopen_for_chart
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.charting.selectors import access_sessions
from mesoclinic.courses.models import Course
from mesoclinic.courses.session_count import course_take_back_session
from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary.models import Lot
from mesoclinic.formulary.services import stock_return
from mesoclinic.patients.models import RecordStatus
from mesoclinic.recalls.services import recall_cancel_for_course

REASON_MAX = 300  # the length of `status_reason`
REASON_MISSING = "Say why this chart was entered in error, e.g. charted on the wrong patient."


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError("reason", REASON_MISSING)
    if len(reason) > REASON_MAX:
        raise DomainError("reason", f"Keep the reason to {REASON_MAX} characters.")
    return reason


def session_mark_entered_in_error(
    *, actor: Actor, session: TreatmentSession, reason: str
) -> TreatmentSession:
    """Mark a signed chart entered in error. Each product application's volume goes back on
    its lot as an "adjusted" movement (a recalled or expired lot too: the record is
    corrected, the lot stays unusable), and the session comes off its course's count, which
    reopens a course it completed; the appointment it completed goes back to checked in.
    Refused with nothing written when any step is."""
    reason = _reason(reason)
    with transaction.atomic():
        found = get_in_clinics_or_404(access_sessions(actor), id=session.id)
        # Course, then chart, then lots in id order: the order charting locks them in.
        course = get_in_clinics_or_404(
            scoped(Course.objects.select_for_update(of=("self",)), actor, Capability.CLINICAL),
            id=found.course_id,
        )
        locked = TreatmentSession.objects.select_for_update().get(pk=found.pk)
        if locked.status != RecordStatus.ACTIVE:
            raise DomainError("session", "This chart is already marked entered in error.")
        applications = list(locked.applications.order_by("lot_id", "id"))
        lots = {
            lot.id: lot
            for lot in Lot.objects.select_for_update()
            .filter(id__in={a.lot_id for a in applications})
            .order_by("id")
        }
        for application in applications:
            stock_return(
                actor=actor,
                lot=lots[application.lot_id],
                volume_ml=application.volume_ml,
                reason=f"Chart {locked.id} entered in error: its volume is back in stock.",
                reference=f"chart {locked.id}",
            )
        TreatmentSession.objects.filter(pk=locked.pk).update(
            status=RecordStatus.ENTERED_IN_ERROR,
            status_reason=reason,
            status_changed_at=timezone.now(),
            status_changed_by=actor.user,
        )
        others = course.sessions.filter(status=RecordStatus.ACTIVE)
        course = course_take_back_session(
            actor=actor,
            course=course,
            on=locked.performed_on,
            recorded_at=locked.created_at,
            last_other_on=others.aggregate(last=Max("performed_on"))["last"],
        )
        if course.is_open:  # the chart had completed it: no maintenance is due yet
            recall_cancel_for_course(
                actor=actor, course=course, reason=f"Chart {locked.id} entered in error."
            )
        appointment_reopen_for_chart(
            actor=actor, course=course, number=locked.number, on=locked.performed_on
        )
        audit_record(
            actor=actor,
            action=Action.ENTERED_IN_ERROR,
            target=f"chart {locked.id}",
            clinic_id=locked.clinic_id,
            patient_id=locked.patient_id,
        )
    locked.refresh_from_db()
    return locked
