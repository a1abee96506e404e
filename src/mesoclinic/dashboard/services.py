"""The dashboard's writes: a clinic's stored figures and the ids of its flagged courses.
Derived data, not records: they hold no patient's name or measure, so keeping them writes
no audit row (the research export, which does read patients' records, is audited in
`export`)."""

import zoneinfo
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q

from mesoclinic.clinics.models import Clinic
from mesoclinic.dashboard.figures import clinic_figures
from mesoclinic.dashboard.models import ClinicSnapshot
from mesoclinic.dashboard.tasks import figures_refresh_in_background

# A refresh queued this long ago and still not done was lost (no worker ran it, or its
# worker died): the next page view queues another.
REFRESH_LOST_AFTER = timedelta(minutes=10)


def figures_refresh(*, clinic: Clinic, now: datetime) -> ClinicSnapshot:
    today = now.astimezone(zoneinfo.ZoneInfo(clinic.time_zone)).date()
    with transaction.atomic():
        snapshot, _ = ClinicSnapshot.objects.update_or_create(
            clinic=clinic,
            defaults={"computed_at": now, "figures": clinic_figures(clinic, today)},
        )
    return snapshot


def figures_refresh_enqueue(*, clinic: Clinic, now: datetime) -> bool:
    """Queue a refresh of the clinic's stored figures for a worker, unless one is waiting
    already; True when this call queued it. The mark and the job are one transaction."""
    waiting = Q(refresh_queued_at__gte=F("computed_at")) & Q(
        refresh_queued_at__gte=now - REFRESH_LOST_AFTER
    )
    with transaction.atomic():
        queued = (
            ClinicSnapshot.objects.filter(clinic=clinic)
            .exclude(waiting)
            .update(refresh_queued_at=now)
        )
        if queued:
            figures_refresh_in_background.enqueue(clinic_id=clinic.id)
    return bool(queued)


def flagged_courses_store(*, clinic: Clinic, course_ids: list[int], now: datetime) -> None:
    """Keep the ids of the courses a clinician's read found flagged (no names: each viewer
    reads the courses again through her own access check)."""
    with transaction.atomic():
        ClinicSnapshot.objects.filter(clinic=clinic).update(
            flagged_course_ids=course_ids, flagged_at=now
        )
