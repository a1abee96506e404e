"""A charted treatment session: what was done, where, with which lots and volumes.

A chart is signed when it is saved, together with its stock movements, in one
transaction; after that it is corrected only by amendment, or marked entered in error.
"""

from django.db import models

from mesoclinic.assessments.models import ConsentOfUse, Pose
from mesoclinic.courses.models import Course
from mesoclinic.formulary.models import Lot, Product, StockMovement
from mesoclinic.records import AmendmentRecord, ClinicalRecord


class Technique(models.TextChoices):
    NAPPAGE = "nappage", "Nappage (many shallow micro-injections)"
    PAPULE = "papule", "Papule / point by point"
    LINEAR = "linear", "Linear"
    DEEP = "deep", "Deep"


class TreatmentSession(ClinicalRecord):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()  # the course's nth session
    performed_on = models.DateField()
    # When the patient checked in, in UTC; shown in the clinic's time zone.
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # The pre-session re-check, asked again at every visit (keys from the protocol's
    # screening items), and the clinician's reason when a caution was accepted.
    recheck = models.JSONField()
    recheck_reason = models.CharField(max_length=300, blank=True)
    technique = models.CharField(max_length=10, choices=Technique.choices)
    depth_mm = models.DecimalField(max_digits=4, decimal_places=1)
    needle_gauge = models.PositiveSmallIntegerField()
    needle_length_mm = models.DecimalField(max_digits=4, decimal_places=1)
    duration_minutes = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True, max_length=5000)
    interval_override_reason = models.CharField(max_length=300, blank=True)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["-performed_on", "-id"]
        constraints = [
            # A chart entered in error gives its number back to the chart that replaces it.
            models.UniqueConstraint(
                fields=["course", "number"],
                condition=models.Q(status="active"),
                name="one_active_chart_per_number",
            ),
        ]


class SessionArea(models.Model):
    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="areas")
    area = models.CharField(max_length=50)
    side = models.CharField(max_length=10, blank=True)  # empty: both sides / no sides

    class Meta:
        ordering = ["id"]


class ProductApplication(models.Model):
    """One product from one lot, with its volume. Indexed by lot so a recall report
    reads only the rows of that lot, however many charts a chain holds."""

    session = models.ForeignKey(
        TreatmentSession, on_delete=models.PROTECT, related_name="applications"
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="applications")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    volume_ml = models.DecimalField(max_digits=7, decimal_places=2)
    movement = models.OneToOneField(StockMovement, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["lot", "session"], name="application_by_lot")]


class SessionAmendment(AmendmentRecord):
    record = models.ForeignKey(
        TreatmentSession, on_delete=models.PROTECT, related_name="amendments"
    )


class AftercareTemplate(models.Model):
    """A clinic's own aftercare text. Placeholders in braces, from the fixed list in
    `charting.aftercare`, are filled from the clinic, the protocol and the course."""

    clinic = models.OneToOneField(
        "clinics.Clinic", on_delete=models.CASCADE, related_name="aftercare"
    )
    body = models.TextField(max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")


class SessionPhoto(ConsentOfUse, ClinicalRecord):
    """A photo taken after the session, stored like assessment photos: re-encoded, EXIF
    removed, under a generated name outside the web root."""

    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="photos")
    pose = models.CharField(max_length=30, choices=Pose.choices)
    file_name = models.CharField(max_length=64, unique=True)
    thumbnail_name = models.CharField(max_length=64, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
