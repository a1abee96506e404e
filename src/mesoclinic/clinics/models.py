"""A chain of clinics, each with its hours, closures, rooms and staff roles."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from mesoclinic.phone import COUNTRIES, phone_display


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a time zone name such as Europe/London.")


def validate_country(value: str) -> None:
    if value not in COUNTRIES:
        raise ValidationError(f"{value!r} is not a two-letter country code such as GB.")


class DateOrder(models.TextChoices):
    """How the clinic writes a date by hand: the search box reads dates this way."""

    DAY_FIRST = "dmy", "Day first (20/02/1996)"
    MONTH_FIRST = "mdy", "Month first (02/20/1996)"
    YEAR_FIRST = "ymd", "Year first (1996-02-20)"


class PaperSize(models.TextChoices):
    """The paper the clinic prints patient documents on."""

    A4 = "a4", "A4 (210 × 297 mm)"
    LETTER = "letter", "US Letter (8.5 × 11 in)"


# A postal address as it goes on a letter: a few short lines.
ADDRESS_MAX_LINES = 6
ADDRESS_LINE_MAX_LENGTH = 80
ADDRESS_MAX_LENGTH = ADDRESS_MAX_LINES * (ADDRESS_LINE_MAX_LENGTH + 1)


class Chain(models.Model):
    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class Clinic(models.Model):
    chain = models.ForeignKey(Chain, on_delete=models.PROTECT, related_name="clinics")
    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # Empty: the installation's protocol. Otherwise the path of the clinic's own file.
    protocol_path = models.CharField(max_length=500, blank=True)
    # Booking settings: free minutes kept after each appointment for the practitioner and
    # the room (cleaning, notes), and the grid appointments start on.
    buffer_minutes = models.PositiveSmallIntegerField(default=10)
    slot_minutes = models.PositiveSmallIntegerField(default=15)
    # ISO 3166 alpha-2: phone numbers typed without "+" are read as this country dials them.
    country = models.CharField(max_length=2, default="GB", validators=[validate_country])
    date_order = models.CharField(max_length=3, choices=DateOrder.choices, default="dmy")
    # The number patients call, in E.164; shown in the aftercare text.
    phone = models.CharField(max_length=20, blank=True)
    # Printed on every patient document: plain text, one line per line of the address.
    postal_address = models.TextField(max_length=ADDRESS_MAX_LENGTH, blank=True)
    paper_size = models.CharField(max_length=6, choices=PaperSize.choices, default=PaperSize.A4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="clinic_name_unique_in_chain"),
            models.CheckConstraint(
                condition=models.Q(buffer_minutes__lte=120), name="clinic_buffer_at_most_two_hours"
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__in=[5, 10, 15, 20, 30, 60]),
                name="clinic_slot_divides_an_hour",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_shown(self) -> str:
        """The phone as the clinic's country writes it, as its documents print it; links
        dial `phone` (E.164)."""
        return phone_display(self.phone, self.country)


class OpeningHours(models.Model):
    WEEKDAYS = [
        (0, "Monday"),
        (1, "Tuesday"),
        (2, "Wednesday"),
        (3, "Thursday"),
        (4, "Friday"),
        (5, "Saturday"),
        (6, "Sunday"),
    ]
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="opening_hours_open_before_close",
            ),
        ]


class Closure(models.Model):
    """A holiday or any day range the clinic is shut."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="closures")
    first_day = models.DateField()
    last_day = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")),
                name="closure_first_day_not_after_last",
            ),
        ]


class Room(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="room_name_unique_in_clinic")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Clinic admin"
    PRACTITIONER = "practitioner", "Practitioner"
    FRONT_DESK = "frontdesk", "Front desk"


class Membership(models.Model):
    """A user's role at one clinic. Access is decided from these rows only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic"], name="one_role_per_clinic")
        ]


class ChainManager(models.Model):
    """Reads reports across a chain's clinics; never charts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chain_roles"
    )
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="managers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "chain"], name="one_manager_row_per_chain")
        ]


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Invitation(models.Model):
    """A role at a clinic offered to an account from beyond the clinic's chain. An admin
    gives roles directly only to accounts of their own chain; anyone else becomes staff
    only by accepting, so no admin can take over another chain's employee."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "clinic"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_clinic",
            )
        ]
