"""Treatment courses: what was prescribed from which assessment, where it stands, and
every change to its plan with the reason given.

The rules (which state may follow which, how blocks end, how dates move) live in
`mesoclinic.domain.course`; the rows only keep what the services computed.
"""

from datetime import date
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mesoclinic.assessments.models import Assessment
from mesoclinic.domain.course import CourseProgress
from mesoclinic.domain.course import CourseState as State
from mesoclinic.records import ClinicalRecord


class CourseState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


OPEN_STATES = (CourseState.PLANNED, CourseState.ACTIVE)


class Expectation(models.TextChoices):
    MODEST = "modest", "Modest"
    MARKED = "marked", "Marked"


class Course(ClinicalRecord):
    # The assessment the course was planned from (the first block's).
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=CourseState.choices)
    nm_grade = models.PositiveSmallIntegerField()  # of the worst area, which set the count
    cadence_days = models.PositiveSmallIntegerField()
    expectation = models.CharField(max_length=10, choices=Expectation.choices)
    lifestyle = models.BooleanField()  # follows an exercise and diet programme
    starts_on = models.DateField()
    sessions_recommended = models.PositiveSmallIntegerField()  # by the estimate, first block
    # Set when the grade's rule runs courses in blocks: the protocol's block size then.
    block_size = models.PositiveSmallIntegerField(null=True, blank=True)
    # The current block (1 for a course not in blocks): its number, count, sessions done
    # and planned dates (ISO dates, those done first, then those to come).
    block_number = models.PositiveSmallIntegerField(default=1)
    sessions_planned = models.PositiveSmallIntegerField()
    sessions_done = models.PositiveSmallIntegerField(default=0)
    awaiting_reassessment = models.BooleanField(default=False)
    planned_dates = models.JSONField()
    sessions_done_total = models.PositiveSmallIntegerField(default=0)
    last_session_on = models.DateField(null=True, blank=True)
    # The estimate as recommended at creation (`estimate_as_json`), kept as it was.
    estimate = models.JSONField()
    protocol_name = models.CharField(max_length=200)
    protocol_version = models.CharField(max_length=50)
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stop_reason = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["clinic", "patient", "state"])]
        constraints = [
            # One course at a time: a second one is planned once the first has ended.
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(state__in=["planned", "active"]),
                name="course_one_open_per_patient",
            ),
            models.CheckConstraint(
                condition=Q(state__in=CourseState.values), name="course_state_known"
            ),
            models.CheckConstraint(
                condition=Q(sessions_planned__gte=1), name="course_sessions_planned_positive"
            ),
            models.CheckConstraint(
                condition=Q(sessions_done__lte=F("sessions_planned")),
                name="course_sessions_done_within_planned",
            ),
            models.CheckConstraint(
                condition=~Q(state="stopped") | ~Q(stop_reason=""),
                name="course_stopped_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"course {self.pk}"

    @property
    def in_blocks(self) -> bool:
        return self.block_size is not None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def progress(self) -> CourseProgress:
        return CourseProgress(
            state=cast(State, self.state),
            in_blocks=self.in_blocks,
            block=self.block_number,
            planned=self.sessions_planned,
            done=self.sessions_done,
            awaiting_reassessment=self.awaiting_reassessment,
        )

    def take(self, progress: CourseProgress) -> None:
        """Copy a state computed by the domain onto the row (saved by the caller)."""
        self.state = progress.state
        self.block_number = progress.block
        self.sessions_planned = progress.planned
        self.sessions_done = progress.done
        self.awaiting_reassessment = progress.awaiting_reassessment

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(date.fromisoformat(day) for day in self.planned_dates)

    @dates.setter
    def dates(self, days: tuple[date, ...]) -> None:
        self.planned_dates = [day.isoformat() for day in days]


class CourseBlock(models.Model):
    """How one block was planned: from which assessment and estimate, how many sessions
    from which date. A course not in blocks has one block, planned at its creation."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="blocks")
    number = models.PositiveSmallIntegerField()
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    sessions_planned = models.PositiveSmallIntegerField()  # as first planned
    sessions_done = models.PositiveSmallIntegerField(default=0)
    estimate = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_block_once")
        ]

    def __str__(self) -> str:
        return f"block {self.number} of course {self.course_id}"


class ChangedField(models.TextChoices):
    SESSIONS = "sessions", "Session count"
    CADENCE = "cadence_days", "Days between sessions"


class CourseChange(models.Model):
    """A change to the plan away from what was recommended or planned, with its reason.
    Written once, never changed."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="changes")
    block_number = models.PositiveSmallIntegerField()
    field = models.CharField(max_length=20, choices=ChangedField.choices)
    before = models.PositiveSmallIntegerField()
    after = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="course_change_has_a_reason")
        ]

    def __str__(self) -> str:
        return f"change {self.pk} of course {self.course_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("A recorded change is never altered.")
        super().save(*args, **kwargs)
