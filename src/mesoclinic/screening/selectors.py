"""Reading screenings: only in the actor's clinics, only with the clinical capability,
and each read written to the audit trail in the same transaction."""

from datetime import date

from django.db import models, transaction
from django.db.models import Prefetch

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.models import (
    PatientIntake,
    Screening,
    ScreeningAmendment,
    ScreeningSignOff,
)
from mesoclinic.screening.state import ScreeningState, screening_state


def access_screenings(actor: Actor) -> models.QuerySet[Screening]:
    screenings = Screening.objects.select_related("patient", "clinic", "author").prefetch_related(
        "answers",
        Prefetch("amendments", ScreeningAmendment.objects.select_related("author")),
        Prefetch("sign_offs", ScreeningSignOff.objects.select_related("author")),
    )
    return scoped(screenings, actor, Capability.CLINICAL)


def latest_screening(
    actor: Actor, patient: Patient, *, on_or_before: date | None = None
) -> Screening | None:
    """The screening a course would use: the most recently dated one not entered in error
    (taken by `on_or_before`, for a session charted after the day). Not audited on its
    own: callers audit the read they are part of."""
    found = access_screenings(actor).filter(patient_id=patient.id, status=RecordStatus.ACTIVE)
    if on_or_before is not None:
        found = found.filter(taken_on__lte=on_or_before)
    return found.order_by("-taken_on", "-id").first()


def access_screening(actor: Actor, screening_id: int, target: str = "") -> Screening:
    """One screening, or 404 when it is not the actor's to read; the read is audited."""
    with transaction.atomic():
        screening = get_in_clinics_or_404(access_screenings(actor), id=screening_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=target or f"screening {screening.id}",
            clinic_id=screening.clinic_id,
            patient_id=screening.patient_id,
        )
    return screening


def access_screening_state(actor: Actor, screening_id: int) -> ScreeningState:
    """One screening as it stands now (amendments applied, sign-offs checked)."""
    screening = access_screening(actor, screening_id)
    return screening_state(
        screening, clinic_protocol(screening.clinic), clinic_today(screening.clinic)
    )


def patient_screenings(actor: Actor, patient: Patient, today: date) -> list[ScreeningState]:
    """A patient's screenings, newest first, entered-in-error ones included (marked)."""
    with transaction.atomic():
        screenings = list(
            access_screenings(actor).filter(patient_id=patient.id).order_by("-taken_on", "-id")
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target="screening list",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    protocol = clinic_protocol(patient.clinic)
    return [screening_state(screening, protocol, today) for screening in screenings]


def _latest_of_hers() -> models.Q:
    # Her latest answers count: an intake she has since replaced is no longer waiting.
    newer = PatientIntake.objects.filter(
        patient_id=models.OuterRef("patient_id"), submitted_at__gt=models.OuterRef("submitted_at")
    )
    return ~models.Q(models.Exists(newer))


def intakes_to_call(clinic: Clinic, limit: int = 20) -> list[PatientIntake]:
    """Patients whose latest health answers from the portal hold a stop not yet reviewed:
    the desk calls each before any treatment. For pages that have read `clinic` through an
    access check; names no question (the desk need not know which)."""
    return list(
        PatientIntake.objects.filter(
            _latest_of_hers(),
            clinic=clinic,
            has_stop=True,
            reviewed_at__isnull=True,
            patient__status=RecordStatus.ACTIVE,
        )
        .select_related("patient")
        .order_by("submitted_at", "id")[:limit]
    )


def pending_intake(actor: Actor, patient: Patient) -> PatientIntake | None:
    """Her latest answers from the portal while no screening has reviewed them, for the
    practitioner who screens her. Not audited: callers audit the read they are part of."""
    return (
        scoped(PatientIntake.objects.all(), actor, Capability.CLINICAL)
        .filter(_latest_of_hers(), patient_id=patient.id, reviewed_at__isnull=True)
        .first()
    )
