"""The one write of the dashboard: replacing a clinic's stored figures. Derived figures,
not records: they hold no patient data, so refreshing them writes no audit row (the
research export, which does read patients' records, is audited in `export`)."""

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
