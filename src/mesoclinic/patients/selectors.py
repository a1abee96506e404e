"""Finding patients: search within the actor's clinics, and possible duplicates."""

from datetime import date

from django.db import models, transaction
from django.db.models import Q

from mesoclinic.access import Capability, access_patients, clinic_ids_for
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.patients.services import phone_digits


def _search_filter(query: str) -> Q:
    query = query.strip()
    try:
        return Q(date_of_birth=date.fromisoformat(query))
    except ValueError:
        pass
    digits = phone_digits(query)
    if len(digits) >= 4 and len(digits) >= len(query.replace(" ", "").replace("+", "")) - 1:
        return Q(phone_digits__contains=digits)
    condition = Q()
    for word in query.split():
        condition &= Q(given_name__icontains=word) | Q(family_name__icontains=word)
    return condition


def patient_search(actor: Actor, query: str = "", limit: int = 50) -> list[Patient]:
    """By name (any words, any order), date of birth (YYYY-MM-DD) or phone digits."""
    patients: models.QuerySet[Patient] = access_patients(actor, Capability.DEMOGRAPHICS).filter(
        status=RecordStatus.ACTIVE
    )
    if query.strip():
        patients = patients.filter(_search_filter(query))
    with transaction.atomic():
        found = list(patients.select_related("clinic")[:limit])
        # One row per clinic searched, so each clinic's admin sees the search in its trail.
        for clinic_id in clinic_ids_for(actor, Capability.DEMOGRAPHICS):
            audit_record(
                actor=actor, action=Action.READ, target="patient search", clinic_id=clinic_id
            )
    return found


def possible_duplicates(
    actor: Actor,
    *,
    clinic_id: int,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    phone: str = "",
    exclude_id: int | None = None,
) -> list[Patient]:
    """Patients at the clinic who look like the one being entered: the same date of birth
    and family name, the same date of birth and given name, or the same phone number."""
    candidates = access_patients(actor, Capability.DEMOGRAPHICS).filter(
        clinic_id=clinic_id, status=RecordStatus.ACTIVE
    )
    alike = Q(pk__in=[])
    if date_of_birth is not None:
        alike |= Q(date_of_birth=date_of_birth) & (
            Q(family_name__iexact=family_name.strip()) | Q(given_name__iexact=given_name.strip())
        )
    digits = phone_digits(phone)
    if len(digits) >= 6:
        alike |= Q(phone_digits=digits)
    found = candidates.filter(alike)
    if exclude_id is not None:
        found = found.exclude(pk=exclude_id)
    return list(found[:5])
