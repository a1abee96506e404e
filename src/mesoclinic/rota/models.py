"""When each practitioner works and when rooms are out of use: the rota the booking
search reads. A weekly pattern of shifts, with absences (leave, sickness) as exceptions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from mesoclinic.clinics.models import Clinic, OpeningHours, Room


class Shift(models.Model):
    """One working span of the practitioner's week at one clinic, in the clinic's time."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="shifts")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shifts"
    )
    weekday = models.PositiveSmallIntegerField(choices=OpeningHours.WEEKDAYS)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["practitioner_id", "weekday", "starts"]
        indexes = [models.Index(fields=["clinic", "practitioner"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__lt=F("ends")), name="shift_starts_before_end"
            )
        ]


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", "Leave"
    SICKNESS = "sickness", "Off sick"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


class Absence(models.Model):
    """Whole days a practitioner does not work at the clinic, whatever the weekly pattern says."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="absences")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    first_day = models.DateField()
    last_day = models.DateField()
    kind = models.CharField(max_length=20, choices=AbsenceKind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_day", "id"]
        indexes = [models.Index(fields=["clinic", "last_day"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")), name="absence_first_day_not_after_last"
            )
        ]


class RoomClosure(models.Model):
    """Days a room cannot be used (repairs, deep cleaning)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="closures")
    first_day = models.DateField()
    last_day = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["first_day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")),
                name="room_closure_first_day_not_after_last",
            )
        ]
