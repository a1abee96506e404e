"""The dashboard's writes: a clinic's stored figures and the ids of its flagged courses.
Derived data, not records: they hold no patient's name or measure, so keeping them writes
no audit row (the research export, which does read patients' records, is audited in
`export`)."""

import zoneinfo
from datetime import datetime

from django.db import transaction

from mesoclinic.clinics.models import Clinic
from mesoclinic.dashboard.figures import clinic_figures
from mesoclinic.dashboard.models import ClinicSnapshot


def figures_refresh(*, clinic: Clinic, now: datetime) -> ClinicSnapshot:
    today = now.astimezone(zoneinfo.ZoneInfo(clinic.time_zone)).date()
    with transaction.atomic():
        snapshot, _ = ClinicSnapshot.objects.update_or_create(
            clinic=clinic,
            defaults={"computed_at": now, "figures": clinic_figures(clinic, today)},
        )
    return snapshot


def flagged_courses_store(*, clinic: Clinic, course_ids: list[int], now: datetime) -> None:
    """Keep the ids of the courses a clinician's read found flagged (no names: each viewer
    reads the courses again through her own access check)."""
    with transaction.atomic():
        ClinicSnapshot.objects.filter(clinic=clinic).update(
            flagged_course_ids=course_ids, flagged_at=now
        )
