"""Reading assessments and photos: clinical content, so CLINICAL capability at the record's
clinic, and every read written to the audit trail in the same transaction."""

from django.db import models, transaction

from mesoclinic.access import Capability, access_patient, get_in_clinics_or_404, scoped
from mesoclinic.assessments.models import AreaScore, Assessment, Photo
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.patients.models import Patient, RecordStatus


def access_assessments(actor: Actor) -> models.QuerySet[Assessment]:
    return scoped(Assessment.objects.all(), actor, Capability.CLINICAL)


def access_assessment(actor: Actor, assessment_id: int, purpose: str = "") -> Assessment:
    with transaction.atomic():
        assessment = get_in_clinics_or_404(
            access_assessments(actor).select_related("patient", "clinic", "author"),
            id=assessment_id,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"assessment {assessment.id}{f' {purpose}' if purpose else ''}",
            clinic_id=assessment.clinic_id,
            patient_id=assessment.patient_id,
        )
    return assessment


def access_photos(actor: Actor) -> models.QuerySet[Photo]:
    return scoped(Photo.objects.all(), actor, Capability.CLINICAL)


def access_photo(actor: Actor, photo_id: int, variant: str = "") -> Photo:
    """One photo (the image itself is read by the caller), with the read audited."""
    with transaction.atomic():
        photo = get_in_clinics_or_404(
            access_photos(actor).select_related("assessment"), id=photo_id
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"photo {photo.id}{f' {variant}' if variant else ''}",
            clinic_id=photo.clinic_id,
            patient_id=photo.patient_id,
        )
    return photo


def access_clinical_patient(actor: Actor, patient_id: int, target: str) -> Patient:
    return access_patient(actor, patient_id, Capability.CLINICAL, target=target)


def assessments_of(actor: Actor, patient: Patient) -> list[Assessment]:
    """The patient's assessments, newest first; the caller has read the patient through
    `access_clinical_patient`, which audited the read."""
    return list(
        access_assessments(actor)
        .filter(patient_id=patient.id)
        .select_related("author")
        .prefetch_related("areas")
    )


def last_landmarks(
    actor: Actor, patient: Patient, before: Assessment | None = None
) -> dict[tuple[str, str], str]:
    """The landmark each area and side was last measured at, so the next measurement
    repeats it. Keys are (area, side), side "" for an area without sides."""
    scores = (
        scoped(AreaScore.objects.all(), actor, Capability.CLINICAL, "assessment__clinic_id")
        .filter(assessment__patient_id=patient.id, assessment__status=RecordStatus.ACTIVE)
        .exclude(landmark="")
        .order_by("-assessment__assessed_on", "-assessment_id")
    )
    if before is not None:
        scores = scores.exclude(assessment_id=before.id)
    found: dict[tuple[str, str], str] = {}
    for area, side, landmark in scores.values_list("area", "side", "landmark"):
        found.setdefault((area, side), landmark)
    return found
