"""Reading recalls: the desk's work, so every role of the clinic (front desk, practitioner,
admin) reads its recalls through the demographics capability, and each read is audited.

A chain manager reads none: the list holds names, phone numbers and the course's grade, and
chain managers read reports, never patient records (`access_chain_clinics`).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from mesoclinic.access import Capability, access_clinic, get_in_clinics_or_404, scoped
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.domain import recall as rules
from mesoclinic.patients.models import RecordStatus
from mesoclinic.recalls.models import Recall, RecallEntry, RecallState

Status = Literal["due", "overdue", "all"]
STATUSES: tuple[Status, ...] = ("due", "overdue", "all")
# The list's default window: the calls of the coming month.
DEFAULT_WITHIN_DAYS = 30
MAX_WITHIN_DAYS = 365


def access_recalls(actor: Actor) -> models.QuerySet[Recall]:
    """Every recall the actor may read, of patients whose record stands; unaudited."""
    entries = RecallEntry.objects.select_related("author", "appointment")
    return scoped(
        Recall.objects.select_related("patient__clinic", "clinic", "course", "appointment")
        .prefetch_related(Prefetch("entries", entries))
        .filter(patient__status=RecordStatus.ACTIVE),
        actor,
        Capability.DEMOGRAPHICS,
    )


def access_recall(actor: Actor, recall_id: int) -> Recall:
    """One recall, or 404 when it is not the actor's to read; the read is audited."""
    with transaction.atomic():
        recall = get_in_clinics_or_404(access_recalls(actor), id=recall_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"recall {recall.id}",
            clinic_id=recall.clinic_id,
            patient_id=recall.patient_id,
        )
    return recall


@dataclass(frozen=True)
class RecallRow:
    recall: Recall
    standing: rules.Standing
    days_overdue: int
    last_entry: RecallEntry | None


@dataclass(frozen=True)
class RecallList:
    clinic: Clinic
    today: date
    status: Status
    within_days: int
    rows: list[RecallRow]


def row_of(recall: Recall, today: date, within_days: int = DEFAULT_WITHIN_DAYS) -> RecallRow:
    entries = list(recall.entries.all())
    return RecallRow(
        recall=recall,
        standing=rules.standing(recall.call_on, today, within_days),
        days_overdue=rules.days_overdue(recall.call_on, today) if recall.is_open else 0,
        last_entry=entries[-1] if entries else None,
    )


def _open_at(actor: Actor, clinic: Clinic) -> models.QuerySet[Recall]:
    return access_recalls(actor).filter(clinic_id=clinic.id, state=RecallState.OPEN)


def recall_list(
    actor: Actor,
    clinic_id: int,
    status: Status = "all",
    within_days: int = DEFAULT_WITHIN_DAYS,
    today: date | None = None,
) -> RecallList:
    """The clinic's open recalls, the day to call oldest first: overdue (the day has
    passed), due (from today to `within_days` ahead), or both ("all"). One audit row."""
    clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
    today = today or clinic_today(clinic)
    recalls = _open_at(actor, clinic).order_by("call_on", "id")
    if status == "overdue":
        recalls = recalls.filter(call_on__lt=today)
    else:
        recalls = recalls.filter(call_on__lte=today + timedelta(days=within_days))
        if status == "due":
            recalls = recalls.filter(call_on__gte=today)
    with transaction.atomic():
        rows = [row_of(recall, today, within_days) for recall in recalls]
        audit_record(actor=actor, action=Action.READ, target="recall list", clinic_id=clinic.id)
    return RecallList(clinic=clinic, today=today, status=status, within_days=within_days, rows=rows)


def recalls_to_call(actor: Actor, clinic: Clinic, today: date) -> int:
    """How many recalls are overdue or due within the list's default window (a count on
    the day list: no patient is named, so nothing is audited)."""
    return (
        _open_at(actor, clinic)
        .filter(call_on__lte=today + timedelta(days=DEFAULT_WITHIN_DAYS))
        .count()
    )


def upcoming_appointments(actor: Actor, recall: Recall) -> list[Appointment]:
    """The patient's booked appointments at the recall's clinic from now on: those a
    booked call may name."""
    return list(
        scoped(Appointment.objects.all(), actor, Capability.DEMOGRAPHICS)
        .filter(
            patient_id=recall.patient_id,
            clinic_id=recall.clinic_id,
            status=AppointmentStatus.BOOKED,
            starts_at__gte=timezone.now(),
        )
        .select_related("practitioner", "room", "clinic")
        .order_by("starts_at", "id")
    )


def course_recalls(course: Course) -> list[Recall]:
    """The recalls a course opened, first first, for the course page, whose own read was
    access-checked and audited: every recall of it belongs to the course's patient."""
    return list(Recall.objects.filter(course_id=course.id).order_by("created_at", "id"))
