"""The practitioner's decision on a course that shows no change at its review: continue,
change products or cadence, or stop, always with the reason. Decisions are kept with the
course, never changed; each answers the flag raised by one reassessment."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mesoclinic.assessments.models import Assessment
from mesoclinic.courses.models import Course
from mesoclinic.records import AppendOnlyManager, WriteOnce


class Decision(models.TextChoices):
    CONTINUE = "continue", "Continue the course as planned"
    CHANGE = "change", "Change products or cadence"
    STOP = "stop", "Stop the course"


class NonResponderDecision(WriteOnce):
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="non_responder_decisions"
    )
    # The reassessment that showed no change: set by the server, never sent by a client.
    reassessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.CharField(max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyManager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "reassessment"], name="non_responder_decision_once"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="non_responder_decision_known"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="non_responder_decision_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"decision {self.pk} on course {self.course_id}"
