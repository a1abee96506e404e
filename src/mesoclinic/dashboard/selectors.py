"""Who sees which clinic's figures, and the stored figures themselves.

Clinical staff (admins and practitioners) see their own clinics; a chain manager sees the
chain's clinics side by side. The front desk does not: outcome and adverse-event figures
are clinical, even in aggregate. Another clinic's figures give the same 404 as a clinic
that does not exist.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import models

from mesoclinic.access import (
    Capability,
    access_chain_clinics,
    access_clinics,
    get_in_clinics_or_404,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.dashboard.models import ClinicSnapshot
from mesoclinic.dashboard.services import figures_refresh, figures_refresh_enqueue

# Figures older than this are computed again, by a worker, when a page asks for them: a
# booking or a chart shows within minutes, while a clinic's figures are computed at most
# once per five minutes however many people keep the dashboard open. The page shows the
# stored figures meanwhile, with their time; only a clinic never computed is computed in
# the request (there is nothing to show before).
FRESH_FOR = timedelta(minutes=5)


def dashboard_clinics(actor: Actor) -> models.QuerySet[Clinic]:
    return (
        (access_clinics(actor, Capability.CLINICAL) | access_chain_clinics(actor))
        .distinct()
        .order_by("name")
    )


def access_dashboard_clinic(actor: Actor, clinic_id: int) -> Clinic:
    return get_in_clinics_or_404(dashboard_clinics(actor), id=clinic_id)


def _stale(snapshot: ClinicSnapshot, clinic: Clinic, now: datetime) -> bool:
    zone = zoneinfo.ZoneInfo(clinic.time_zone)
    new_day = snapshot.computed_at.astimezone(zone).date() != now.astimezone(zone).date()
    return new_day or now - snapshot.computed_at > FRESH_FOR


@dataclass(frozen=True)
class ClinicDashboard:
    clinic: Clinic
    computed_at: datetime  # in the clinic's time zone
    figures: dict[str, Any]
    refreshing: bool = False  # stale: a worker is computing them again


def clinic_dashboard(clinic: Clinic, now: datetime) -> ClinicDashboard:
    """The stored figures of a clinic the caller may see; when stale, a refresh is queued."""
    snapshot = ClinicSnapshot.objects.filter(clinic=clinic).first()
    if snapshot is None:
        snapshot = figures_refresh(clinic=clinic, now=now)
    return _shown(clinic, snapshot, now)


def _shown(clinic: Clinic, snapshot: ClinicSnapshot, now: datetime) -> ClinicDashboard:
    refreshing = _stale(snapshot, clinic, now)
    if refreshing:
        figures_refresh_enqueue(clinic=clinic, now=now)
    zone = zoneinfo.ZoneInfo(clinic.time_zone)
    return ClinicDashboard(
        clinic, snapshot.computed_at.astimezone(zone), snapshot.figures, refreshing
    )


def access_dashboard(actor: Actor, clinic_id: int, now: datetime) -> ClinicDashboard:
    return clinic_dashboard(access_dashboard_clinic(actor, clinic_id), now)


def dashboards(actor: Actor, now: datetime) -> list[ClinicDashboard]:
    """Every clinic the actor may see, side by side. A chain may hold many clinics, so the
    request computes none that has figures stored (only those never computed): each stale
    clinic's refresh is queued for a worker, each clinic shows how fresh its figures are,
    and `mesoclinic figures refresh` computes them all at once."""
    clinics = list(dashboard_clinics(actor))
    stored = {
        s.clinic_id: s for s in ClinicSnapshot.objects.filter(clinic__in=[c.id for c in clinics])
    }
    for clinic in clinics:
        if clinic.id not in stored:
            stored[clinic.id] = figures_refresh(clinic=clinic, now=now)
    return [_shown(clinic, stored[clinic.id], now) for clinic in clinics]
