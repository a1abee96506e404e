"""Assessments: one visit's grades, scores and measurements per body area, and its photos.

Rows hold what was entered and what the domain computed from it (CSS total and band), so
reports read numbers without re-deriving them. Nothing here decides anything clinical.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mesoclinic.records import AmendmentRecord, AppendOnlyManager, ClinicalRecord, WriteOnce


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial"
    FOLLOW_UP = "follow_up", "Follow-up"


class Pose(models.TextChoices):
    # Fixed in the app, not chosen per clinic or per protocol: photos are compared visit to
    # visit, which only works when every visit repeats the same poses (with the same
    # distance, light and backdrop).
    BACK_RELAXED = "back_relaxed", "Back of thighs, standing, muscles relaxed"
    BACK_CONTRACTED = "back_contracted", "Back of thighs, standing, muscles contracted"
    LEFT_SIDE = "left_side", "Left side, standing"
    RIGHT_SIDE = "right_side", "Right side, standing"


def _between(field: str, low: int, high: int) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lte": high})


class Assessment(ClinicalRecord):
    assessed_on = models.DateField()
    kind = models.CharField(max_length=20, choices=AssessmentKind.choices)
    weight_kg = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    notes = models.TextField(blank=True, max_length=5000)
    # A reassessment names the course it measures; a baseline (initial) assessment names
    # none: the course points at it instead.
    course = models.ForeignKey(
        "courses.Course",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reassessments",
    )
    # The patient's own view at a reassessment: satisfaction 1 (very dissatisfied) to
    # 5 (very satisfied), and her global aesthetic improvement (GAIS 1–5).
    patient_satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    patient_gais = models.PositiveSmallIntegerField(null=True, blank=True)
    # The protocol the areas and CSS bands were taken from, as it was named at the time.
    protocol_name = models.CharField(max_length=200)
    protocol_version = models.CharField(max_length=50)
    updated_at = models.DateTimeField(auto_now=True)
    # Signed by the author; from then on only amendments change it.
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["clinic", "patient", "assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=_between("patient_satisfaction", 1, 5),
                name="assessment_patient_satisfaction_1_5",
            ),
            models.CheckConstraint(
                condition=_between("patient_gais", 1, 5), name="assessment_patient_gais_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"assessment {self.pk}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class AreaScore(models.Model):
    """One body area and side of an assessment. `side` is empty for an area without sides."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="areas")
    area = models.CharField(max_length=50)
    side = models.CharField(max_length=10, blank=True)
    nm_grade = models.PositiveSmallIntegerField()
    # The exam findings the grade followed from, when they were recorded.
    dimpling_on_pinch = models.BooleanField(null=True, blank=True)
    visible_standing = models.BooleanField(null=True, blank=True)
    visible_lying = models.BooleanField(null=True, blank=True)
    css_a = models.PositiveSmallIntegerField(null=True, blank=True)
    css_b = models.PositiveSmallIntegerField(null=True, blank=True)
    css_c = models.PositiveSmallIntegerField(null=True, blank=True)
    css_d = models.PositiveSmallIntegerField(null=True, blank=True)
    css_e = models.PositiveSmallIntegerField(null=True, blank=True)
    # Computed by the domain from the items and the protocol's bands; never typed.
    css_total = models.PositiveSmallIntegerField(null=True, blank=True)
    css_band = models.CharField(max_length=50, blank=True)
    circumference_cm = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    landmark = models.CharField(max_length=200, blank=True)
    gais = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area", "side"], name="area_score_once_per_area_side"
            ),
            # The scales' own limits, kept by the database too.
            models.CheckConstraint(condition=Q(nm_grade__lte=3), name="area_score_nm_grade_0_3"),
            models.CheckConstraint(condition=_between("gais", 1, 5), name="area_score_gais_1_5"),
            *(
                models.CheckConstraint(
                    condition=_between(f"css_{item}", 0, 3), name=f"area_score_css_{item}_0_3"
                )
                for item in "abcde"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.side}".strip()

    @property
    def css_items(self) -> tuple[int | None, int | None, int | None, int | None, int | None]:
        return (self.css_a, self.css_b, self.css_c, self.css_d, self.css_e)


class AssessmentAmendment(AmendmentRecord):
    record = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="amendments")


class PhotoUse(models.TextChoices):
    """What the patient agreed a photo may be used for. `record` always holds: the photo is
    part of the clinical record; the other two are the patient's choice, off by default."""

    RECORD = "record", "The clinical record"
    REPORT = "report", "A progress report given to the patient"
    MARKETING = "marketing", "Shown outside the clinic"


class ConsentOfUse(models.Model):
    """The patient's consent of use, shared by assessment and session photos. Changed only
    by `photo_consent_update`, which keeps each change in `PhotoConsentChange`."""

    may_use_in_report = models.BooleanField(default=False)
    may_use_in_marketing = models.BooleanField(default=False)

    class Meta:
        abstract = True

    @property
    def uses(self) -> list[str]:
        return [
            PhotoUse.RECORD,
            *([PhotoUse.REPORT] if self.may_use_in_report else []),
            *([PhotoUse.MARKETING] if self.may_use_in_marketing else []),
        ]


class Photo(ConsentOfUse, ClinicalRecord):
    """A photo stored under a generated name outside the web root; the client's file name
    and metadata are never kept."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="photos")
    area_score = models.ForeignKey(
        AreaScore, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    pose = models.CharField(max_length=30, choices=Pose.choices)
    file_name = models.CharField(max_length=64, unique=True)
    thumbnail_name = models.CharField(max_length=64, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pose", "id"]

    def __str__(self) -> str:
        return f"photo {self.pk}"


class PhotoKind(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment photo"
    SESSION = "session", "Photo after a session"


class PhotoConsentChange(WriteOnce):
    """One change of a photo's consent of use: who, when (UTC), the uses before and after.
    Append-only; the photo is named by kind and id because session photos live in the
    charting app, which depends on this one."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    photo_kind = models.CharField(max_length=20, choices=PhotoKind.choices)
    photo_id = models.BigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField()
    after = models.JSONField()

    objects = AppendOnlyManager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["photo_kind", "photo_id"])]

    def __str__(self) -> str:
        return f"consent change {self.pk}"
