"""May a course start for this patient today? Plain reasons when it may not.

Reads only (no service is called, nothing is created), so a course service can ask it
inside its own transaction and a page can show the same reasons."""

from datetime import date

from django.db import transaction

from mesoclinic.access import Capability, access_patients, get_in_clinics_or_404
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.consent.selectors import consent_start_blocker
from mesoclinic.patients.models import Patient
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.selectors import latest_screening
from mesoclinic.screening.state import screening_state


def course_start_blockers(actor: Actor, patient: Patient, today: date) -> list[str]:
    """Every reason a course cannot start on `today` (the clinic's date); empty when it can.

    Uses the latest screening not entered in error; asks for a fresh one when it is older
    than the protocol's `screening_valid_days` or was taken under another protocol."""
    with transaction.atomic():
        patient = get_in_clinics_or_404(
            access_patients(actor, Capability.CLINICAL).select_related("clinic"), id=patient.id
        )
        protocol = clinic_protocol(patient.clinic)
        reasons: list[str] = []
        # The screening in force on `today`: a session charted after the day is judged by
        # the screening that preceded it, not by one taken since.
        screening = latest_screening(actor, patient, on_or_before=today)
        if screening is None:
            later = latest_screening(actor, patient)
            reasons.append(
                "No screening on record: take a screening before the course."
                if later is None
                else f"The first screening on record ({later.taken_on.isoformat()}) is after "
                f"{today.isoformat()}: nothing can be charted on a day before it."
            )
        else:
            state = screening_state(screening, protocol, today)
            taken = screening.taken_on.isoformat()
            if not state.current:
                reasons.append(
                    f"The latest screening ({taken}) is older than "
                    f"{protocol.screening_valid_days} days: take a fresh screening."
                )
            if (screening.protocol_name, screening.protocol_version) != (
                protocol.name,
                protocol.version,
            ):
                reasons.append(
                    f"The latest screening ({taken}) used {screening.protocol_name}, version "
                    f"{screening.protocol_version}; the clinic now uses {protocol.name}, "
                    f"version {protocol.version}: take a fresh screening."
                )
            for item in state.outcome.stops:
                reasons.append(f"Screening stop: {item.label}. A course cannot start.")
            for item in state.outcome.unsigned_cautions:
                reasons.append(
                    f"Screening caution not signed off: {item.label}. "
                    "A practitioner must sign it off with a reason."
                )
        consent_reason = consent_start_blocker(actor, patient)
        if consent_reason is not None:
            reasons.append(consent_reason)
        audit_record(
            actor=actor,
            action=Action.READ,
            target="course readiness",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return reasons
