"""Figures computed for a clinic, kept so a page view reads one row however large the
clinic's history grows. Only aggregates are stored, with small groups already suppressed:
nothing here names, dates or counts a patient."""

from django.db import models

from mesoclinic.clinics.models import Clinic


class ClinicSnapshot(models.Model):
    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField()
    # The dashboard's figures as `dashboard.figures.clinic_figures` builds them.
    figures = models.JSONField()
    # The ids of the courses flagged for no change, as a clinician last read them: finding
    # them reads every running course, so it is done at most once per freshness window.
    # Ids only; each viewer reads the courses again through her own access check.
    flagged_course_ids = models.JSONField(null=True, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    # When a refresh of the figures was last put on the task queue: one is waiting while
    # this is later than `computed_at`, so page views queue no second one.
    refresh_queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"figures of clinic {self.clinic_id}"
