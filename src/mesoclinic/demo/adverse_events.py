"""Demo adverse events, recorded by the demo practitioners through the real services:
bruises (most resolved, one past its expected course with a follow-up), a redness, and
one serious event waiting for the clinic admin's review. The redness and the overdue
bruise follow the patient's latest charted session when there is one on or before the
onset (with every lot used in it); the demo charts today's sessions, so the redness is
recorded on a charted patient, the day of the session."""

import random
from datetime import date, timedelta

from django.contrib.auth.models import User

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.adverse_events.services import (
    adverse_event_create,
    adverse_event_resolve,
    follow_up_create,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.patients.models import Patient, RecordStatus

NEEDED = 7  # patients with an event


def _practitioner(patient: Patient) -> Actor:
    user = User.objects.get(username=f"{patient.clinic.name.lower()}.practitioner")
    return Actor(user=user, via="cli")


def _latest_session(patient: Patient, on_or_before: date) -> TreatmentSession | None:
    return (
        TreatmentSession.objects.filter(
            patient_id=patient.id, status=RecordStatus.ACTIVE, performed_on__lte=on_or_before
        )
        .order_by("-performed_on", "-id")
        .first()
    )


def _following(patient: Patient, onset_on: date) -> list[int]:
    session = _latest_session(patient, onset_on)
    return [session.id] if session else []


def _record(
    patient: Patient,
    onset_on: date,
    event_type: str,
    severity: str,
    *,
    area: str = "",
    side: str = "",
    ctcae_grade: int | None = None,
    description: str = "",
    follows_session_ids: list[int] | None = None,
) -> AdverseEvent:
    return adverse_event_create(
        actor=_practitioner(patient),
        patient=patient,
        event_type=event_type,
        severity=severity,
        onset_on=onset_on,
        area=area,
        side=side,
        ctcae_grade=ctcae_grade,
        description=description,
        follows_session_ids=follows_session_ids or [],
    )


def create_adverse_events(patients: list[Patient], today: date, rng: random.Random) -> int:
    """Returns how many events were recorded."""
    chosen = [patient for patient in patients if patient.status == RecordStatus.ACTIVE]
    rng.shuffle(chosen)
    if len(chosen) < NEEDED or not patients:
        return 0
    # The overdue bruise and the serious event at the first clinic (Riverside in the demo),
    # so its admin and practitioner see them on logging in.
    first_clinic = [p for p in chosen if p.clinic_id == patients[0].clinic_id][:2]
    chosen = first_clinic + [p for p in chosen if p not in first_clinic]
    overdue_patient, serious_patient, *chosen = chosen
    events: list[AdverseEvent] = []

    # Bruises that came and went within their 7–10 days.
    for patient in chosen[:3]:
        days_ago = rng.randint(20, 60)
        onset = today - timedelta(days=days_ago)
        bruise = _record(
            patient,
            onset,
            "bruising",
            "mild",
            area="thighs",
            side=rng.choice(("left", "right")),
            description="Small bruise at an injection point.",
        )
        adverse_event_resolve(
            actor=_practitioner(patient),
            event=bruise,
            resolved_on=onset + timedelta(days=rng.randint(5, 9)),
            note="Faded; nothing left to see.",
        )
        events.append(bruise)

    # A bruise still there twelve days on: past its expected course, on the follow-up list.
    overdue_onset = today - timedelta(days=12)
    overdue = _record(
        overdue_patient,
        overdue_onset,
        "bruising",
        "moderate",
        area="thighs",
        side="left",
        ctcae_grade=2,
        description="Bruise of about 3 cm on the inner left thigh.",
        follows_session_ids=_following(overdue_patient, overdue_onset),
    )
    follow_up_create(
        actor=_practitioner(overdue_patient),
        event=overdue,
        noted_on=today - timedelta(days=4),
        outcome="improving",
        note="Yellowing at the edges; the patient will send a photo next week.",
    )
    events.append(overdue)

    # A fresh bruise, still within its course, and redness after a session: on a patient
    # charted today when there is one, following that session.
    redness_patient = next(
        (patient for patient in chosen[4:] if _latest_session(patient, today)), chosen[4]
    )
    session = _latest_session(redness_patient, today)
    events.append(
        _record(
            chosen[3],
            today - timedelta(days=3),
            "bruising",
            "mild",
            area="buttocks",
            side="right",
        )
    )
    events.append(
        _record(
            redness_patient,
            session.performed_on if session else today - timedelta(days=1),
            "redness_swelling",
            "mild",
            area="thighs" if session else "hips",
            description="Redness around the injection points"
            + (", the evening after the session." if session else "."),
            follows_session_ids=[session.id] if session else [],
        )
    )

    # A serious event: on the clinic admin's dashboard until reviewed.
    events.append(
        _record(
            serious_patient,
            today - timedelta(days=2),
            "allergic_reaction",
            "moderate",
            ctcae_grade=2,
            description="Itchy wheals on both thighs and the abdomen; no breathing difficulty.",
        )
    )
    return len(events)
