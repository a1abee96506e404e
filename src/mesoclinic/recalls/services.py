"""Every change to a recall: one transaction, one audit row, the rules from
`mesoclinic.domain.recall`.

A recall opens when a course completes (by hand, by its last charted session or by a count
lowered to the sessions done; never when it is stopped), is cancelled when a chart entered
in error reopens that course, and is closed by the desk's call: booked (with the patient's
appointment) or declined. Calls that reach no one are kept and tried again.
"""

from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mesoclinic.access import Capability, capabilities_at
from mesoclinic.appointments.models import Appointment
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.domain import recall as rules
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.recalls.models import EntryKind, Recall, RecallEntry, RecallState
from mesoclinic.recalls.selectors import upcoming_appointments


def _audit(actor: Actor, recall: Recall, action: Action, what: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=f"recall {recall.id} {what}",
        clinic_id=recall.clinic_id,
        patient_id=recall.patient_id,
    )


def recall_open_for_course(*, actor: Actor, course: Course) -> Recall | None:
    """The maintenance recall of a course that has just completed, in the caller's
    transaction (the caller holds the course's lock). None when its grade has no
    maintenance rule; the course's open recall when it already has one."""
    if course.state != CourseState.COMPLETED:
        raise ValueError("Only a completed course is recalled.")
    with transaction.atomic():
        existing = Recall.objects.filter(course=course, state=RecallState.OPEN).first()
        if existing is not None:
            return existing
        rule = clinic_protocol(course.clinic).grades.get(course.nm_grade)
        interval = rule.maintenance_interval_days if rule is not None else None
        completed_on = clinic_today(course.clinic)
        due_on = rules.maintenance_due_on(
            interval_days=interval,
            last_session_on=course.last_session_on,
            completed_on=completed_on,
        )
        if due_on is None or interval is None:
            return None
        recall = Recall.objects.create(
            clinic_id=course.clinic_id,
            patient_id=course.patient_id,
            course=course,
            completed_on=completed_on,
            interval_days=interval,
            due_on=due_on,
            call_on=due_on,
            state=RecallState.OPEN,
            created_by=actor.user,
        )
        _audit(actor, recall, Action.CREATE, f"from course {course.id}")
    return recall


def recall_cancel_for_course(*, actor: Actor, course: Course, reason: str) -> None:
    """A reopened course is not due for maintenance: its open recall is cancelled, kept
    with the reason. Nothing to do when it has none (or its recall was already closed)."""
    with transaction.atomic():
        for recall in Recall.objects.select_for_update().filter(
            course=course, state=RecallState.OPEN
        ):
            recall.state = RecallState.CANCELLED
            recall.closed_at = timezone.now()
            recall.closed_by = actor.user
            recall.save()
            RecallEntry.objects.create(
                recall=recall, kind=EntryKind.CANCELLED, note=reason, author=actor.user
            )
            _audit(actor, recall, Action.UPDATE, "cancelled")


def _locked_open(actor: Actor, recall: Recall) -> Recall:
    """The recall as stored, locked to the end of the transaction; 404 for a recall not
    the actor's, refused once it is closed."""
    if Capability.DEMOGRAPHICS not in capabilities_at(actor, recall.clinic_id):
        raise Http404("No such record.")
    locked = (
        Recall.objects.select_for_update(of=("self",))
        .select_related("patient", "clinic")
        .get(pk=recall.pk)
    )
    if locked.patient.status != RecordStatus.ACTIVE:
        raise Http404("No such record.")
    if not locked.is_open:
        raise DomainError(
            "recall", f"This recall is already closed ({locked.get_state_display().lower()})."
        )
    return locked


def _booked_appointment(actor: Actor, recall: Recall, appointment_id: int | None) -> Appointment:
    if appointment_id is None:
        raise DomainError(
            "appointment_id",
            "Choose the appointment the patient booked; book the visit on the schedule first "
            "if it is not there yet.",
        )
    found = next((a for a in upcoming_appointments(actor, recall) if a.id == appointment_id), None)
    if found is None:
        raise DomainError(
            "appointment_id",
            f"Appointment {appointment_id} is not one of this patient's upcoming appointments "
            "at this clinic: choose one from the list.",
        )
    return found


def recall_record_call(
    *,
    actor: Actor,
    recall: Recall,
    outcome: str,
    note: str = "",
    next_try_on: date | None = None,
    appointment_id: int | None = None,
) -> Recall:
    """One call to the patient. Booked (naming one of her upcoming appointments at this
    clinic) and declined close the recall; no answer keeps it, to be tried again on
    `next_try_on` (a few days on when not given)."""
    with transaction.atomic():
        recall = _locked_open(actor, recall)
        today = clinic_today(recall.clinic)
        outcome, note, next_try_on = rules.check_call(
            outcome=outcome,
            note=note,
            next_try_on=next_try_on,
            today=today,
            may_contact=recall.patient.may_contact,
        )
        appointment = None
        if outcome == "booked":
            appointment = _booked_appointment(actor, recall, appointment_id)
        elif appointment_id is not None:
            raise DomainError(
                "appointment_id", "Only a booked call names an appointment: leave it empty."
            )
        RecallEntry.objects.create(
            recall=recall,
            kind=EntryKind.CALL,
            outcome=outcome,
            note=note,
            next_try_on=next_try_on,
            appointment=appointment,
            author=actor.user,
        )
        if outcome in rules.CLOSING:
            recall.state = RecallState(outcome)
            recall.appointment = appointment
            recall.closed_at = timezone.now()
            recall.closed_by = actor.user
        else:
            recall.next_try_on = next_try_on
            recall.call_on = rules.call_on(recall.due_on, next_try_on)
        recall.save()
        _audit(actor, recall, Action.UPDATE, f"call {outcome}")
    return recall


def recall_postpone(*, actor: Actor, recall: Recall, due_on: date, reason: str) -> Recall:
    """A later due date, with the reason kept; a pending next try gives way to it."""
    with transaction.atomic():
        recall = _locked_open(actor, recall)
        due_on, reason = rules.check_postpone(
            due_on=due_on, reason=reason, current=recall.due_on, today=clinic_today(recall.clinic)
        )
        RecallEntry.objects.create(
            recall=recall,
            kind=EntryKind.POSTPONED,
            note=reason,
            due_before=recall.due_on,
            due_after=due_on,
            author=actor.user,
        )
        recall.due_on = due_on
        recall.next_try_on = None
        recall.call_on = due_on
        recall.save()
        _audit(actor, recall, Action.UPDATE, "postponed")
    return recall
