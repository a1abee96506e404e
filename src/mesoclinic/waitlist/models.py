"""The waitlist: booked sessions their patients want earlier, the times cancellations free,
and the offers of those times.

An entry names one booked appointment and her wishes for an earlier time. A cancellation
records an `Opening` (the freed practitioner, room and time) with the entries that fitted it
then, in the order they are offered; each `WaitlistOffer` is one emailed offer of an opening
to one entry, held for a few hours. Rows are never deleted: states say what became of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mesoclinic.appointments.models import Appointment
from mesoclinic.clinics.models import Clinic, Room
from mesoclinic.patients.models import Patient

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class EntryState(models.TextChoices):
    WAITING = "waiting", "Waiting for an earlier time"
    MOVED = "moved", "Moved earlier"
    WITHDRAWN = "withdrawn", "Taken off the waitlist"


class EntrySource(models.TextChoices):
    PORTAL = "portal", "The patient, in the portal"
    DESK = "desk", "The desk"


class WaitlistEntry(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="waitlist_entries"
    )
    # Her wishes for the earlier time: empty means any weekday, any part of the day, any
    # practitioner (among those the clinic lets patients book online, for a portal entry).
    weekdays = models.JSONField(default=list)  # 0 = Monday
    part_of_day = models.CharField(max_length=10, blank=True)  # morning, afternoon or ""
    practitioners = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    source = models.CharField(max_length=10, choices=EntrySource.choices)
    state = models.CharField(max_length=10, choices=EntryState.choices, default=EntryState.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["clinic", "state", "created_at"])]
        constraints = [
            # One waiting entry per appointment: a second request edits nothing, it is refused.
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(state="waiting"),
                name="waitlist_one_waiting_entry_per_appointment",
            )
        ]

    def __str__(self) -> str:
        return f"waitlist entry {self.pk}"

    @property
    def weekday_names(self) -> list[str]:
        return [DAY_NAMES[day] for day in sorted(self.weekdays)]


class OpeningState(models.TextChoices):
    OPEN = "open", "Being offered"
    FILLED = "filled", "Filled from the waitlist"
    CLOSED = "closed", "Not filled"


class Opening(models.Model):
    """A time a cancellation freed, with the waitlisted sessions that fitted it."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    # The appointment whose cancellation (or move earlier, from the waitlist) freed it.
    freed_by = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="waitlist_openings"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    # Entry ids in the order they are offered (first come first), as found when freed.
    candidates = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=OpeningState.choices, default=OpeningState.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["clinic", "state", "starts_at"])]
        constraints = [
            # The job that records an opening may run twice: the second finds the first.
            models.UniqueConstraint(fields=["freed_by", "starts_at"], name="waitlist_opening_once")
        ]


class OfferState(models.TextChoices):
    OFFERED = "offered", "Offered"
    TAKEN = "taken", "Taken"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    GONE = "gone", "Time no longer free"


class WaitlistOffer(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="offers")
    entry = models.ForeignKey(WaitlistEntry, on_delete=models.PROTECT, related_name="offers")
    state = models.CharField(max_length=10, choices=OfferState.choices, default=OfferState.OFFERED)
    offered_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    # Who chose her, when the clinic's desk chooses; none when offered in order.
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-offered_at", "-id"]
        indexes = [models.Index(fields=["state", "expires_at"])]
        constraints = [
            # An opening is offered to one patient at a time.
            models.UniqueConstraint(
                fields=["opening"],
                condition=Q(state="offered"),
                name="waitlist_one_live_offer_per_opening",
            ),
            models.UniqueConstraint(
                fields=["opening", "entry"], name="waitlist_one_offer_per_entry_and_opening"
            ),
        ]
