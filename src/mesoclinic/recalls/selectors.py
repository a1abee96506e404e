"""Reading recalls: the desk's work, so every role of the clinic (front desk, practitioner,
admin) reads its recalls through the demographics capability, and each read is audited.

A chain manager reads none: the list holds names, phone numbers and the course's grade, and
chain managers read reports, never patient records (`access_chain_clinics`).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.db import models, transaction
from django.db.models import Count, Prefetch, Q
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

    @property
    def to_call(self) -> list[RecallRow]:
        """The rows the desk may call: the patient allows contact."""
        return [row for row in self.rows if row.recall.patient.may_contact]

    @property
    def not_to_contact(self) -> list[RecallRow]:
        """The rows of patients who have not agreed to be contacted: listed, never called."""
        return [row for row in self.rows if not row.recall.patient.may_contact]


def row_of(recall: Recall, today: date, within_days: int = DEFAULT_WITHIN_DAYS) -> RecallRow:
    entries = list(recall.entries.all())
    return RecallRow(
        recall=recall,
        standing=rules.standing(
            due_on=recall.due_on, call_on=recall.call_on, today=today, within_days=within_days
        ),
        days_overdue=rules.days_overdue(recall.due_on, today) if recall.is_open else 0,
        last_entry=entries[-1] if entries else None,
    )


def _open_at(actor: Actor, clinic: Clinic) -> models.QuerySet[Recall]:
    return access_recalls(actor).filter(clinic_id=clinic.id, state=RecallState.OPEN)


def _overdue(today: date) -> Q:
    # Overdue from the due date until closed, as `rules.standing` says: a next try after an
    # unanswered call moves the day to call, not the due date.
    return Q(due_on__lt=today)


def _listed(today: date, within_days: int) -> Q:
    """Overdue, or due: the day to call falls within `within_days`."""
    return _overdue(today) | Q(call_on__lte=today + timedelta(days=within_days))


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
        recalls = recalls.filter(_overdue(today))
    else:
        recalls = recalls.filter(_listed(today, within_days))
        if status == "due":
            recalls = recalls.exclude(_overdue(today))
    with transaction.atomic():
        rows = [row_of(recall, today, within_days) for recall in recalls]
        audit_record(actor=actor, action=Action.READ, target="recall list", clinic_id=clinic.id)
    return RecallList(clinic=clinic, today=today, status=status, within_days=within_days, rows=rows)


@dataclass(frozen=True)
class RecallCounts:
    to_call: int  # the patient allows contact: the desk's calls
    not_to_contact: int  # listed too, but never called


def recalls_to_call(actor: Actor, clinic: Clinic, today: date) -> RecallCounts:
    """How many recalls the list shows by default (overdue, or due within its window),
    those the desk may call apart from those it must not (a count on the day list: no
    patient is named, so nothing is audited)."""
    counts = (
        _open_at(actor, clinic)
        .filter(_listed(today, DEFAULT_WITHIN_DAYS))
        .aggregate(
            to_call=Count("id", filter=Q(patient__may_contact=True)),
            not_to_contact=Count("id", filter=Q(patient__may_contact=False)),
        )
    )
    return RecallCounts(to_call=counts["to_call"], not_to_contact=counts["not_to_contact"])


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
