"""Documents the clinic shared with a patient in her portal.

A share keeps the document exactly as it was when it was shared (the printed page's HTML,
photos and charts inlined), so a plan she read cannot change under her when the course is
replanned; sharing again makes a new copy and retires the old one. Stopping a share keeps
its row: who shared what, and when it was withdrawn, stays on record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from mesoclinic.clinics.models import Clinic
from mesoclinic.patients.models import Patient, RecordStatus


class DocumentKind(models.TextChoices):
    PLAN = "plan", "Treatment plan"
    PROGRESS_REPORT = "progress-report", "Progress report"
    AFTERCARE = "aftercare", "Aftercare sheet"


class SharedQuerySet(models.QuerySet["SharedDocument"]):
    def in_portal(self) -> "SharedQuerySet":
        """The copies she can open: not withdrawn, and made from a record that still stands.
        A chart marked entered in error (written on the wrong patient, say) takes its
        aftercare sheet out of her portal at once, whoever shared it."""
        # Imported here: both apps' models import the patients app, as this one does.
        from mesoclinic.charting.models import TreatmentSession
        from mesoclinic.courses.models import Course

        standing_sessions = TreatmentSession.objects.filter(status=RecordStatus.ACTIVE)
        standing_courses = Course.objects.filter(status=RecordStatus.ACTIVE)
        return self.filter(withdrawn_at__isnull=True).filter(
            Q(kind=DocumentKind.AFTERCARE, record_id__in=standing_sessions.values("id"))
            | Q(
                kind__in=[DocumentKind.PLAN, DocumentKind.PROGRESS_REPORT],
                record_id__in=standing_courses.values("id"),
            )
        )


class SharedDocument(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="shared_documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    # The course (plan, progress report) or the chart (aftercare sheet) it was made from.
    record_id = models.BigIntegerField()
    title = models.CharField(max_length=120)
    # The document as printed at `shared_at`: what she opens, whatever changed since.
    html = models.TextField()
    shared_at = models.DateTimeField()
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The first time she opened it in her portal: the clinic knows she has read it.
    first_opened_at = models.DateTimeField(null=True)
    # Set when staff stop sharing it, or share a newer copy of the same document.
    withdrawn_at = models.DateTimeField(null=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SharedQuerySet.as_manager()

    class Meta:
        constraints = [
            # One copy of a document in her portal at a time.
            models.UniqueConstraint(
                fields=["kind", "record_id"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_shared_copy_per_document",
            ),
        ]
        indexes = [models.Index(fields=["patient", "shared_at"])]

    def __str__(self) -> str:
        return f"shared document {self.pk}"

    @property
    def is_shared(self) -> bool:
        return self.withdrawn_at is None
