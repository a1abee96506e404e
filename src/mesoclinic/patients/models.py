from datetime import date

from django.conf import settings
from django.db import models

from mesoclinic.clinics.models import Clinic
from mesoclinic.phone import phone_display


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not stated"


class RecordStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    # Never deleted: a record created by mistake is marked, with who, when and why.
    ENTERED_IN_ERROR = "entered_in_error", "Entered in error"


class Patient(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.FEMALE)
    # E.164 ("+447700900123"), read as the clinic's country dials it; shown nationally.
    phone = models.CharField(max_length=40, blank=True)
    # The E.164 number's digits, for a search on the whole number or a part of it.
    phone_digits = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    email = models.EmailField(blank=True)
    preferred_language = models.CharField(max_length=35, default="en")
    may_contact = models.BooleanField(
        default=False, help_text="The patient agreed to reminders by phone, text or email."
    )
    status = models.CharField(
        max_length=20, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    status_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["clinic", "family_name", "given_name"]),
            models.Index(fields=["clinic", "date_of_birth"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def phone_shown(self) -> str:
        """The phone as the clinic's country writes it (international when foreign)."""
        return phone_display(self.phone, self.clinic.country)

    def age_on(self, day: date) -> int:
        had_birthday = (day.month, day.day) >= (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - (0 if had_birthday else 1)
