"""What every signed clinical record shares: whose it is, who wrote it, and how it is
corrected. Rows are never overwritten or deleted: a correction is an amendment that keeps
the original visible, and a mistake is marked "entered in error"."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from mesoclinic.clinics.models import Clinic
from mesoclinic.patients.models import Patient, RecordStatus


class ClinicalRecord(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    # Copied from the patient so every read can be scoped by clinic in one indexed filter.
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    status_reason = models.CharField(max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class AmendmentRecord(models.Model):
    """One correction: who, when (UTC), why, and each changed field as [before, after].
    A concrete subclass adds `record = models.ForeignKey(TheRecord, related_name="amendments")`."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300)
    changes = models.JSONField()

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class WriteOnce(models.Model):
    """Inserted once; never saved again nor deleted. Corrections are amendments, and the one
    status change of a clinical record, "entered in error", is a single guarded update in
    its service."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("This record is never changed: amend it instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("This record is never deleted.")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """For history rows that have no status to change: bulk changes are refused too."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("History rows are never changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("History rows are never deleted.")


AppendOnlyManager = models.Manager.from_queryset(AppendOnlyQuerySet)
