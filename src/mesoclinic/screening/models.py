"""A screening questionnaire as it was asked and answered. Nothing here is ever updated:
an answer is corrected by an amendment, a caution is cleared by a sign-off, and a
screening taken by mistake is marked "entered in error"."""

from django.conf import settings
from django.db import models

from mesoclinic.records import AmendmentRecord, ClinicalRecord, WriteOnce


class Level(models.TextChoices):
    STOP = "stop", "Stop"
    CAUTION = "caution", "Caution"


class Screening(ClinicalRecord, WriteOnce):
    taken_on = models.DateField()
    # The protocol the questions came from, so the record reads the same after it changes.
    protocol_name = models.CharField(max_length=200)
    protocol_version = models.CharField(max_length=50)
    # Age on `taken_on` from the date of birth on record then.
    age_years = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-taken_on", "-id"]
        indexes = [models.Index(fields=["clinic", "patient", "taken_on"])]

    def __str__(self) -> str:
        return f"screening {self.pk}"


class ScreeningAnswer(WriteOnce):
    """One question as asked (label and level copied from the protocol) and its original
    answer. Amendments say what it became; this row keeps what was first recorded."""

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="answers")
    position = models.PositiveSmallIntegerField()
    item_key = models.CharField(max_length=60)
    item_label = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=Level.choices)
    answer = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)
    # Answered by the system from facts on record (age), not typed by anyone.
    system_answered = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "item_key"], name="screening_answer_once_per_item"
            )
        ]


class ScreeningAmendment(AmendmentRecord, WriteOnce):
    """`changes` maps an item key to [before, after], each {"answer": bool, "note": str}."""

    record = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="amendments")


class ScreeningSignOff(WriteOnce):
    """A clinician accepts a caution for this patient, with a reason. It holds for the
    answer as it stood: a later amendment of that item asks for a new sign-off."""

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="sign_offs")
    item_key = models.CharField(max_length=60)
    reason = models.CharField(max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    # How many amendments the screening had when this was signed.
    revision = models.PositiveIntegerField()

    class Meta:
        ordering = ["at", "id"]


class PatientIntake(models.Model):
    """The screening questions as the patient answered them in the portal, before her
    visit. It is not a screening: nobody signed it, it clears no caution and lifts no stop.
    It waits for the practitioner, who sees it beside her own form when she screens; the
    screening she saves then marks it reviewed. A new submission is a new row (the latest
    counts); the answers of a row are never changed."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="intakes"
    )
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    protocol_name = models.CharField(max_length=200)
    protocol_version = models.CharField(max_length=50)
    # Each asked item as shown: [{"key", "label", "level", "answer", "note"}], in order.
    answers = models.JSONField()
    # A stop among her answers (or her age): the desk calls her before any treatment.
    has_stop = models.BooleanField()
    # Set once, by the screening that reviewed it.
    reviewed_in = models.ForeignKey(
        Screening, null=True, blank=True, on_delete=models.PROTECT, related_name="intakes"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "submitted_at"]),
            models.Index(fields=["clinic", "has_stop", "reviewed_at"]),
        ]

    def __str__(self) -> str:
        return f"patient intake {self.pk}"
