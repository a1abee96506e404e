"""Maintenance recalls: a completed course's call-back, due from the protocol's interval
for its grade, and every attempt the desk made to reach the patient.

The rules (when one is due, what each call outcome does) live in `mesoclinic.domain.recall`;
rows keep what the services computed, and the history rows are never changed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mesoclinic.appointments.models import Appointment
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course
from mesoclinic.patients.models import Patient
from mesoclinic.records import AppendOnlyManager


class RecallState(models.TextChoices):
    OPEN = "open", "To call"
    BOOKED = "booked", "Booked"
    DECLINED = "declined", "Declined"
    # The course it came from was reopened (a chart entered in error): not due after all.
    CANCELLED = "cancelled", "Cancelled"


class Recall(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="recalls")
    # What the due date was computed from, so it explains itself: the clinic's date the
    # course completed and the protocol's interval for its grade at that moment.
    completed_on = models.DateField()
    interval_days = models.PositiveSmallIntegerField()
    due_on = models.DateField()  # moved later only by a postponement, which is kept
    next_try_on = models.DateField(null=True, blank=True)  # after an unanswered call
    call_on = models.DateField()  # the day to call: the due date or the next try
    state = models.CharField(max_length=20, choices=RecallState.choices)
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["call_on", "id"]
        indexes = [models.Index(fields=["clinic", "state", "call_on"])]
        constraints = [
            # Completing a course again after it was reopened never doubles its recall.
            models.UniqueConstraint(
                fields=["course"], condition=Q(state="open"), name="recall_one_open_per_course"
            ),
            models.CheckConstraint(
                condition=Q(state__in=RecallState.values), name="recall_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state="booked") | Q(appointment__isnull=False),
                name="recall_booked_names_its_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"recall {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state == RecallState.OPEN


class EntryKind(models.TextChoices):
    CALL = "call", "Call"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class CallOutcome(models.TextChoices):
    BOOKED = "booked", "Booked"
    DECLINED = "declined", "Declined"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "No answer, message left"


class RecallEntry(models.Model):
    """One thing that happened to a recall: a call and its outcome, a postponement with
    its reason, or its cancellation. Written once, never changed."""

    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    outcome = models.CharField(max_length=20, choices=CallOutcome.choices, blank=True)
    note = models.TextField(blank=True)  # the call's note, or the reason
    next_try_on = models.DateField(null=True, blank=True)
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_before = models.DateField(null=True, blank=True)  # a postponement's move
    due_after = models.DateField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyManager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="call") | ~Q(outcome=""), name="recall_call_has_an_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on recall {self.recall_id}"
