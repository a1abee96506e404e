"""Who may read what. Every read of clinic data goes through these few functions.

Access comes only from active `Membership` rows (a role at a clinic) and `ChainManager`
rows. A record outside the user's clinics, or beyond the role, raises Http404 exactly as a
record that does not exist does, so probing ids reveals nothing.
"""

from enum import StrEnum
from typing import TypeVar

from django.db import models, transaction
from django.http import Http404

from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import ChainManager, Clinic, Membership, Role
from mesoclinic.patients.models import Patient

ModelT = TypeVar("ModelT", bound=models.Model)


class Capability(StrEnum):
    DEMOGRAPHICS = "demographics"  # names, contact details, the schedule
    CLINICAL = "clinical"  # screening, consent, assessments, photos, charts
    SETUP = "setup"  # rooms, staff, hours, protocol, consent templates
    AUDIT = "audit"  # the audit trail


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.PRACTITIONER: frozenset({Capability.DEMOGRAPHICS, Capability.CLINICAL}),
    Role.FRONT_DESK: frozenset({Capability.DEMOGRAPHICS}),
}


def roles_with(capability: Capability) -> list[str]:
    return [role for role, granted in ROLE_CAPABILITIES.items() if capability in granted]


def clinic_ids_for(actor: Actor, capability: Capability) -> list[int]:
    if not actor.user.is_active:
        return []
    return list(
        Membership.objects.filter(
            user_id=actor.user.pk, active=True, role__in=roles_with(capability)
        ).values_list("clinic_id", flat=True)
    )


def capabilities_at(actor: Actor, clinic_id: int) -> frozenset[Capability]:
    membership = Membership.objects.filter(
        user_id=actor.user.pk, clinic_id=clinic_id, active=True
    ).first()
    if membership is None or not actor.user.is_active:
        return frozenset()
    return ROLE_CAPABILITIES[membership.role]


def access_clinics(actor: Actor, capability: Capability) -> models.QuerySet[Clinic]:
    return Clinic.objects.filter(id__in=clinic_ids_for(actor, capability))


def access_clinic(actor: Actor, clinic_id: int, capability: Capability) -> Clinic:
    return get_in_clinics_or_404(access_clinics(actor, capability), id=clinic_id)


def access_chain_clinics(actor: Actor) -> models.QuerySet[Clinic]:
    """Clinics whose reports a chain manager reads. Reports only: never patient records."""
    chains = ChainManager.objects.filter(user_id=actor.user.pk).values("chain_id")
    return (
        Clinic.objects.filter(chain_id__in=chains)
        if actor.user.is_active
        else Clinic.objects.none()
    )


def scoped(
    queryset: models.QuerySet[ModelT],
    actor: Actor,
    capability: Capability,
    clinic_field: str = "clinic_id",
) -> models.QuerySet[ModelT]:
    """Limit any clinic-owned queryset to the actor's clinics for this capability."""
    return queryset.filter(**{f"{clinic_field}__in": clinic_ids_for(actor, capability)})


def get_in_clinics_or_404(queryset: models.QuerySet[ModelT], **lookup: object) -> ModelT:
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404("No such record.")
    return found


def access_patients(
    actor: Actor, capability: Capability = Capability.DEMOGRAPHICS
) -> models.QuerySet[Patient]:
    return scoped(Patient.objects.all(), actor, capability)


def access_patient(
    actor: Actor,
    patient_id: int,
    capability: Capability = Capability.DEMOGRAPHICS,
    target: str = "patient",
) -> Patient:
    """One patient, with the read written to the audit trail in the same transaction."""
    with transaction.atomic():
        patient = get_in_clinics_or_404(access_patients(actor, capability), id=patient_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=target,
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return patient
