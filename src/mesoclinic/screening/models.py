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
