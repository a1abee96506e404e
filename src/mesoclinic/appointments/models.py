"""Booked sessions of a course: who, where, when (UTC), and what became of each.

An appointment is never deleted: a cancellation or a no-show is a status, and a session
placed again is a new row that points at the one it replaces.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mesoclinic.clinics.models import Clinic, Room
from mesoclinic.courses.models import Course
from mesoclinic.patients.models import Patient


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CHECKED_IN = "checked_in", "Checked in"
    COMPLETED = "completed", "Completed"
    CANCELLED_BY_PATIENT = "cancelled_patient", "Cancelled by the patient"
    CANCELLED_BY_CLINIC = "cancelled_clinic", "Cancelled by the clinic"
    NO_SHOW = "no_show", "Did not attend"


# The statuses that hold the practitioner, the room and the patient for the time booked.
HOLDING = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN, AppointmentStatus.COMPLETED)
ENDED = (
    AppointmentStatus.CANCELLED_BY_PATIENT,
    AppointmentStatus.CANCELLED_BY_CLINIC,
    AppointmentStatus.NO_SHOW,
)


class Appointment(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="appointments")
    number = models.PositiveSmallIntegerField()  # the session's number within the course
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The end plus the clinic's buffer at booking time: practitioner and room stay held
    # until then, which is what the database's overlap rule compares.
    held_until = models.DateTimeField()
    ideal_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    status_reason = models.CharField(max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    # When the patient said she is coming (a reminder's link, the portal's button); a move
    # to another time clears it, as she confirmed the time she was told.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Counts the changes to the row (time, practitioner, room, number, status), so calendar
    # files can say which version of an event is newer; see `revised`.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["clinic", "starts_at"]),
            models.Index(fields=["practitioner", "starts_at"]),
            models.Index(fields=["course", "number"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")) & Q(ends_at__lte=F("held_until")),
                name="appointment_starts_before_end",
            ),
            # One live appointment per session of a course. On PostgreSQL the overlap rules
            # (practitioner, room, patient) are exclusion constraints added in a migration;
            # on SQLite the booking services check them inside one write transaction.
            models.UniqueConstraint(
                fields=["course", "number"],
                condition=Q(status__in=["booked", "checked_in", "completed"]),
                name="appointment_one_live_per_session",
            ),
        ]

    @property
    def holding(self) -> bool:
        return self.status in HOLDING

    def revised(self) -> list[str]:
        """Marks a change about to be saved; returns the fields to add to `update_fields`.
        Counted in the database, so concurrent changes each count (the instance holds the
        expression, not the number, until it is read again)."""
        self.revision = F("revision") + 1
        return ["revision", "updated_at"]


class CalendarFeed(models.Model):
    """A practitioner's private iCalendar address. Only the token's hash is kept; revoking
    stops the address at once."""

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class OptimiserRunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class OptimiserRun(models.Model):
    """One run of the batch optimiser for a clinic, started from the page. The proposal is
    kept until someone applies it; nothing is booked before that."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    first_day = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    time_limit = models.PositiveSmallIntegerField()  # seconds
    movable = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=OptimiserRunStatus.choices, default=OptimiserRunStatus.QUEUED
    )
    progress = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)  # the proposal, once done
    message = models.CharField(max_length=300, blank=True)  # why it failed, for people
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written by the process searching, every few seconds: a run silent too long died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The queue's job that searches it (a run started from the page), to tell a run still
    # waiting for a worker from one whose worker took it and died before starting.
    job_id = models.CharField(max_length=64, blank=True)
    applied = models.JSONField(null=True, blank=True)  # what booking the proposal did
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["clinic", "started_at"])]


class BookingWishes(models.Model):
    """What the patient asked for when her course was last booked: later searches start
    from it, and the optimiser, sick-day repairs and re-placements honour it. Soft wishes
    only; a plan that ignores one is ranked lower, never refused."""

    course = models.OneToOneField(Course, on_delete=models.PROTECT, related_name="booking_wishes")
    weekdays = models.JSONField(default=list)  # 0 = Monday; empty: any day
    part_of_day = models.CharField(max_length=10, blank=True)  # morning, afternoon or any
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
