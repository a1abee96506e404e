"""Counts per clinic for managers: numbers only, never a patient's record."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from mesoclinic.access import Capability, access_chain_clinics, access_clinics
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Membership
from mesoclinic.patients.models import Patient, RecordStatus


@dataclass(frozen=True)
class ClinicFigures:
    clinic: str
    patients: int
    new_patients_30_days: int
    may_contact: int
    staff: int


def clinic_figures(actor: Actor, today: date) -> list[ClinicFigures]:
    """For a chain manager, every clinic of the chain; for a clinic admin, their clinics.

    Patients and staff are counted by the database in two grouped queries, one per table:
    joining both to the clinic would make a row for every patient and staff member pair
    and count them again in Python's place."""
    clinics = list(
        (access_chain_clinics(actor) | access_clinics(actor, Capability.SETUP))
        .distinct()
        .order_by("name")
        .values_list("id", "name")
    )
    ids = [clinic_id for clinic_id, _ in clinics]
    since = timezone.make_aware(datetime.combine(today - timedelta(days=30), time.min))
    patients = {
        row["clinic_id"]: row
        for row in Patient.objects.filter(clinic_id__in=ids, status=RecordStatus.ACTIVE)
        .values("clinic_id")
        .annotate(
            total=Count("id"),
            new=Count("id", filter=Q(created_at__gte=since)),
            contact=Count("id", filter=Q(may_contact=True)),
        )
        .order_by()
    }
    staff = dict(
        Membership.objects.filter(clinic_id__in=ids, active=True)
        .values("clinic_id")
        .annotate(people=Count("id"))
        .order_by()
        .values_list("clinic_id", "people")
    )
    empty = {"total": 0, "new": 0, "contact": 0}
    return [
        ClinicFigures(
            clinic=name,
            patients=patients.get(clinic_id, empty)["total"],
            new_patients_30_days=patients.get(clinic_id, empty)["new"],
            may_contact=patients.get(clinic_id, empty)["contact"],
            staff=staff.get(clinic_id, 0),
        )
        for clinic_id, name in clinics
    ]
