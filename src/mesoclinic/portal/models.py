"""A patient's own account: a separate kind of user, tied to exactly one patient record.

The Django user behind it has no `Membership` and no `ChainManager` row, ever (the services
that create those refuse such users, and the account is only ever made for a new user), so
every staff selector finds nothing for it; the portal middleware keeps it on portal paths.
"""

from typing import Any

from django.conf import settings
from django.db import models

from mesoclinic.patients.models import Patient


class PatientAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient_account"
    )
    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="account")
    # Her patient record's clinic, copied here so the address can be unique per clinic.
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    # The address she signs in with, stored lower-case. Unique within a clinic, not across
    # the installation: one person may be a patient at two clinics with one address, and a
    # check across clinics would tell one clinic's staff who is another clinic's patient.
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "email"], name="portal_one_account_per_address_per_clinic"
            )
        ]

    def __str__(self) -> str:
        return f"portal account {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Always her record's clinic, whoever makes the account: the uniqueness of the
        # address per clinic rests on it.
        self.clinic_id = self.patient.clinic_id
        super().save(*args, **kwargs)


class WaitlistOrder(models.TextChoices):
    FIRST_COME = "first_come", "First come, first offered"
    DESK_CHOOSES = "desk_chooses", "The desk chooses whom to offer"


class PortalSettings(models.Model):
    """What a clinic lets its patients do online. A clinic without a row has the defaults
    (`settings_for`): online booking off until the clinic turns it on."""

    clinic = models.OneToOneField(
        "clinics.Clinic", on_delete=models.CASCADE, related_name="portal_settings"
    )
    online_booking = models.BooleanField(default=False)
    # Practitioners patients may book online; none chosen means none.
    online_practitioners = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True)
    book_days_ahead = models.PositiveSmallIntegerField(default=90)
    # The course's first session is booked by staff (a consultation comes first).
    first_session_by_staff = models.BooleanField(default=True)
    # Moving or cancelling online closes this many hours before the appointment.
    cancel_hours_before = models.PositiveSmallIntegerField(default=24)
    # Reminder emails go this many hours before each appointment; 0 sends none.
    reminder_hours_before = models.PositiveSmallIntegerField(default=48)
    waitlist_order = models.CharField(
        max_length=20, choices=WaitlistOrder.choices, default=WaitlistOrder.FIRST_COME
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(book_days_ahead__gte=1, book_days_ahead__lte=730),
                name="portal_book_ahead_one_day_to_two_years",
            ),
            models.CheckConstraint(
                condition=models.Q(cancel_hours_before__lte=336),
                name="portal_cancel_window_at_most_two_weeks",
            ),
            models.CheckConstraint(
                condition=models.Q(reminder_hours_before__lte=336),
                name="portal_reminder_at_most_two_weeks_before",
            ),
        ]


def settings_for(clinic_id: int) -> PortalSettings:
    """The clinic's portal settings, or the defaults (unsaved) if it never set them."""
    found = PortalSettings.objects.filter(clinic_id=clinic_id).first()
    return found if found is not None else PortalSettings(clinic_id=clinic_id)


class LinkPurpose(models.TextChoices):
    SET_PASSWORD = "set_password", "Set a password (invitation)"
    SIGN_IN = "sign_in", "Sign in once"
    CONFIRM_APPOINTMENT = "confirm", "Confirm an appointment"
    CANCEL_APPOINTMENT = "cancel", "Cancel an appointment"
    TAKE_WAITLIST_OFFER = "waitlist_offer", "Take a waitlist offer"


class PatientLink(models.Model):
    """A link sent to a patient by email: one purpose, one record, an expiry, one use.
    Only the SHA-256 of its secret is kept (`links.py`)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=20, choices=LinkPurpose.choices)
    # The record the link acts on (an appointment, a waitlist offer); none for account links.
    target_id = models.BigIntegerField(null=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "purpose", "created_at"])]


class SignInLinkAsk(models.Model):
    """One ask for a sign-in link by email, kept to limit asks per address and per client
    address whether or not the address has an account (the limit must not tell which do).
    The address is kept only as a hash: most asks may come from people who are no patient."""

    address_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True)
    asked_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["address_hash", "asked_at"]),
            models.Index(fields=["ip", "asked_at"]),
        ]
