"""Counts per clinic for managers: numbers only, never a patient's record."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from mesoclinic.access import Capability, access_chain_clinics, access_clinics
from mesoclinic.audit.actor import Actor
from mesoclinic.patients.models import RecordStatus


@dataclass(frozen=True)
class ClinicFigures:
    clinic: str
    patients: int
    new_patients_30_days: int
    may_contact: int
    staff: int


def clinic_figures(actor: Actor, today: date) -> list[ClinicFigures]:
    """For a chain manager, every clinic of the chain; for a clinic admin, their clinics."""
    clinics = access_chain_clinics(actor) | access_clinics(actor, Capability.SETUP)
    since = today - timedelta(days=30)
    active = Q(patients__status=RecordStatus.ACTIVE)
    rows = (
        clinics.distinct()
        .order_by("name")
        .annotate(
            patient_count=Count("patients", filter=active, distinct=True),
            new_count=Count(
                "patients", filter=active & Q(patients__created_at__date__gte=since), distinct=True
            ),
            contact_count=Count(
                "patients", filter=active & Q(patients__may_contact=True), distinct=True
            ),
            staff_count=Count("memberships", filter=Q(memberships__active=True), distinct=True),
        )
    )
    return [
        ClinicFigures(
            row.name, row.patient_count, row.new_count, row.contact_count, row.staff_count
        )
        for row in rows
    ]
