"""Recording the practitioner's decision on a course flagged for showing no change.

One transaction: the course is locked, its review read again (the flag must still stand,
so two people deciding at once record one decision), the decision written on the
reassessment that raised the flag, the audit row written, and a "stop" stops the course
through `course_stop` in the same transaction.
"""

from django.db import transaction

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.courses.models import Course
from mesoclinic.courses.selectors import access_courses
from mesoclinic.courses.services import course_stop
from mesoclinic.domain.course import check_reason
from mesoclinic.domain.errors import DomainError
from mesoclinic.progress.models import Decision, NonResponderDecision
from mesoclinic.progress.selectors import progress_of_course

DECISION_CHOICES = ", ".join(f"{value} ({label.lower()})" for value, label in Decision.choices)


def check_decision(decision: str) -> Decision:
    if decision not in Decision.values:
        raise DomainError("decision", f"Decision must be one of: {DECISION_CHOICES}.")
    return Decision(decision)


def non_responder_decision_record(
    *, actor: Actor, course: Course, decision: str, reason: str
) -> NonResponderDecision:
    chosen = check_decision(decision)
    reason = check_reason(reason, "this is decided", field="reason")
    with transaction.atomic():
        # Locked, and read again through the actor's access: a course not hers is a 404.
        locked = Course.objects.select_for_update(of=("self",))
        get_in_clinics_or_404(scoped(locked, actor, Capability.CLINICAL), pk=course.pk)
        course = get_in_clinics_or_404(access_courses(actor), pk=course.pk)
        review = progress_of_course(actor, course).review
        if not review.needs_decision or review.reassessment is None:
            raise DomainError("decision", f"No decision is due on this course. {review.message}")
        recorded = NonResponderDecision.objects.create(
            course=course,
            reassessment_id=review.reassessment.assessment_id,
            decision=chosen,
            reason=reason,
            author=actor.user,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=f"course {course.id} non-responder decision {recorded.id}",
            clinic_id=course.clinic_id,
            patient_id=course.patient_id,
        )
        if chosen == Decision.STOP:
            course_stop(actor=actor, course=course, reason=reason)
    return recorded
