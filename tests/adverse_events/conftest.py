"""Adverse events for the tests, recorded through the services as the app records them."""

from datetime import date, timedelta

import pytest

from mesoclinic.adverse_events.services import adverse_event_create
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.patients.models import Patient
from tests.conftest import actor

XSS = "<img src=x onerror=alert(1)>"
ESCAPED = b"&lt;img src=x onerror=alert(1)&gt;"


def record(patient: Patient, user, days_ago: int = 0, **values):
    """An event of `days_ago` days before the clinic's today: a mild left-thigh bruise
    unless told otherwise."""
    values = {"event_type": "bruising", "severity": "mild", **values}
    if "area" not in values:
        values = {"area": "thighs", "side": "left", **values}
    return adverse_event_create(
        actor=actor(user),
        patient=patient,
        onset_on=clinic_today(patient.clinic) - timedelta(days=days_ago),
        **values,
    )


def audit_count(**lookup) -> int:
    return AuditEvent.objects.filter(**lookup).count()


@pytest.fixture
def today(patient) -> date:
    return clinic_today(patient.clinic)


@pytest.fixture
def bruise(patient, practitioner):
    """Onset two days ago: within its 7–10 days."""
    return record(patient, practitioner, days_ago=2)


@pytest.fixture
def old_bruise(patient, practitioner):
    """Onset eleven days ago: one day past its 7–10 days."""
    return record(patient, practitioner, days_ago=11)


@pytest.fixture
def serious(patient, practitioner):
    return record(
        patient,
        practitioner,
        days_ago=1,
        event_type="allergic_reaction",
        severity="moderate",
        area="",
        side="",
        description="Wheals on both thighs",
    )


@pytest.fixture
def hillcrest_event(hillcrest_patient, outsider):
    return record(hillcrest_patient, outsider, days_ago=20, event_type="necrosis", area="", side="")
