"""Adverse events, their follow-up notes, and the clinic admin's review of serious ones.

A patient may report an event herself in the portal: it is recorded "reported by the
patient" with no severity, awaiting a practitioner's review (`PatientReportReview`), which
grades it and confirms its type and site before it is followed up as any other.

An event keeps the type as the clinic's protocol described it when it was recorded (key,
label, expected course in days, serious flag), so it reads the same after the protocol
changes. Corrections are amendments that keep each value's before and after; a mistake
is marked "entered in error". Follow-up notes and reviews are written once, never changed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mesoclinic.domain.adverse import Window
from mesoclinic.records import AmendmentRecord, ClinicalRecord, WriteOnce


class Severity(models.TextChoices):
    # FHIR AdverseEvent.severity.
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class EventStatus(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    RESOLVED = "resolved", "Resolved"


class Outcome(models.TextChoices):
    IMPROVING = "improving", "Improving"
    UNCHANGED = "unchanged", "Unchanged"
    WORSE = "worse", "Worse"
    RESOLVED = "resolved", "Resolved"


class AdverseEvent(ClinicalRecord):
    # The type as the protocol gave it at recording time.
    event_type = models.CharField(max_length=60)
    type_label = models.CharField(max_length=200)
    expected_days_min = models.PositiveSmallIntegerField(null=True, blank=True)
    expected_days_max = models.PositiveSmallIntegerField(null=True, blank=True)
    type_serious = models.BooleanField()
    # Computed by the domain from the type and the severity; never typed.
    serious = models.BooleanField()
    # Empty only on a patient's report a practitioner has not graded yet.
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True)
    ctcae_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    # A body area key and side from the protocol; empty when not at one site (systemic).
    area = models.CharField(max_length=50, blank=True)
    side = models.CharField(max_length=10, blank=True)
    onset_on = models.DateField()
    description = models.TextField(blank=True, max_length=2000)
    event_status = models.CharField(
        max_length=10, choices=EventStatus.choices, default=EventStatus.ONGOING
    )
    resolved_on = models.DateField(null=True, blank=True)
    # What the event may follow: charted sessions of this patient on or before the onset,
    # and lots applied in those sessions. By name, not import: charting reads this app.
    follows_sessions = models.ManyToManyField(
        "charting.TreatmentSession", blank=True, related_name="adverse_events"
    )
    follows_lots = models.ManyToManyField(
        "formulary.Lot", blank=True, related_name="adverse_events"
    )
    protocol_name = models.CharField(max_length=200)
    protocol_version = models.CharField(max_length=50)
    # Reported by the patient in the portal (`author` is then her portal account).
    reported_by_patient = models.BooleanField(default=False)

    class Meta:
        ordering = ["-onset_on", "-id"]
        indexes = [
            models.Index(fields=["clinic", "patient", "onset_on"]),
            models.Index(fields=["clinic", "event_status", "onset_on"]),
            models.Index(fields=["clinic", "serious"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event_status="resolved", resolved_on__isnull=False)
                | Q(event_status="ongoing", resolved_on__isnull=True),
                name="adverse_event_resolved_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("onset_on")),
                name="adverse_event_resolved_not_before_onset",
            ),
            models.CheckConstraint(
                condition=Q(expected_days_min__isnull=True, expected_days_max__isnull=True)
                | Q(
                    expected_days_min__isnull=False,
                    expected_days_max__isnull=False,
                    expected_days_min__lte=models.F("expected_days_max"),
                ),
                name="adverse_event_expected_window",
            ),
            models.CheckConstraint(
                condition=Q(ctcae_grade__isnull=True) | Q(ctcae_grade__gte=1, ctcae_grade__lte=5),
                name="adverse_event_ctcae_grade_1_5",
            ),
            models.CheckConstraint(
                condition=~Q(severity="") | Q(reported_by_patient=True, ctcae_grade__isnull=True),
                name="adverse_event_ungraded_only_when_reported_by_patient",
            ),
        ]

    def __str__(self) -> str:
        return f"adverse event {self.pk}"

    @property
    def awaiting_report_review(self) -> bool:
        """A patient's report no practitioner has reviewed yet."""
        if not self.reported_by_patient:
            return False
        try:
            self.report_review  # noqa: B018 - the related row, or DoesNotExist
        except PatientReportReview.DoesNotExist:
            return True
        return False

    @property
    def window(self) -> Window:
        if self.expected_days_min is None or self.expected_days_max is None:
            return None
        return (self.expected_days_min, self.expected_days_max)


class AdverseEventAmendment(AmendmentRecord, WriteOnce):
    """`changes` maps a field name to [before, after] (dates as ISO text)."""

    record = models.ForeignKey(AdverseEvent, on_delete=models.PROTECT, related_name="amendments")


class AdverseEventFollowUp(WriteOnce):
    """A practitioner's follow-up: when, what was found, and how the event is going.
    Append-only; the outcome "resolved" resolved the event on `noted_on`."""

    event = models.ForeignKey(AdverseEvent, on_delete=models.PROTECT, related_name="follow_ups")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    noted_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["noted_on", "at", "id"]


class SeriousEventReview(WriteOnce):
    """The clinic admin has looked at a serious event: who, when and what they noted."""

    event = models.OneToOneField(AdverseEvent, on_delete=models.PROTECT, related_name="review")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(max_length=2000)


class PatientReportReview(WriteOnce):
    """A practitioner's review of an event the patient reported: the severity given, the
    type and site confirmed or corrected. `changes` maps each field set by the review to
    [as reported, as reviewed], so what she reported stays readable."""

    event = models.OneToOneField(
        AdverseEvent, on_delete=models.PROTECT, related_name="report_review"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField()
    note = models.TextField(blank=True, max_length=2000)


class AdverseEventPhoto(ClinicalRecord):
    """A photo sent with a patient's report, through the assessment photo pipeline
    (re-encoded, EXIF removed, under a generated name outside the web root). Only her
    clinic's clinical staff, and she herself in the portal, can read it."""

    event = models.ForeignKey(AdverseEvent, on_delete=models.PROTECT, related_name="photos")
    file_name = models.CharField(max_length=64, unique=True)
    thumbnail_name = models.CharField(max_length=64, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"adverse event photo {self.pk}"
