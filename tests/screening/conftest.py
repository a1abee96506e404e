"""Screenings for the tests, written through the services as the app writes them."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.consent.services import consent_sign
from mesoclinic.domain.screening import asked_items
from mesoclinic.patients.models import Patient
from mesoclinic.planning.protocol import current_protocol
from mesoclinic.screening.services import screening_caution_sign_off, screening_create
from tests.conftest import actor

XSS_NAME = "<img src=x onerror=alert(1)>"


def answers(*yes: str) -> dict[str, bool]:
    """Every asked item answered no, except those named."""
    keys = [item.key for item in asked_items(current_protocol().screening_items)]
    return {key: key in yes for key in keys}


def screen(patient: Patient, user, *yes: str, taken_on: date | None = None, notes=None):
    return screening_create(
        actor=actor(user),
        patient=patient,
        taken_on=taken_on or clinic_today(patient.clinic),
        answers=answers(*yes),
        notes=notes,
    )


def sign_consent(patient: Patient, user, template_version=None):
    return consent_sign(
        actor=actor(user),
        patient=patient,
        template_version=template_version,
        patient_typed_name=f"{patient.given_name} {patient.family_name}",
        expected_sessions="10–15",
        cost="£900",
        signature_kind="typed",
    )


def audit_count(**lookup) -> int:
    return AuditEvent.objects.filter(**lookup).count()


def api_form(yes=(), **extra) -> dict:
    return {
        "taken_on": str(timezone.localdate() - timedelta(days=1)),
        "answers": [{"item": key, "answer": value} for key, value in answers(*yes).items()],
        **extra,
    }


@pytest.fixture
def today(patient) -> date:
    return clinic_today(patient.clinic)


@pytest.fixture
def clear_screening(patient, practitioner):
    return screen(patient, practitioner)


@pytest.fixture
def stopped(patient, practitioner):
    return screen(patient, practitioner, "pregnancy")


@pytest.fixture
def cautioned(patient, practitioner):
    return screen(patient, practitioner, "diabetes", notes={"diabetes": "type 2, on metformin"})


@pytest.fixture
def signed_off(cautioned, practitioner):
    screening_caution_sign_off(
        actor=actor(practitioner),
        screening=cautioned,
        item_key="diabetes",
        reason="well controlled, HbA1c in range",
    )
    return cautioned


@pytest.fixture
def consented(patient, practitioner):
    return sign_consent(patient, practitioner)


@pytest.fixture
def xss_patient(riverside, practitioner) -> Patient:
    return Patient.objects.create(
        clinic=riverside,
        given_name=XSS_NAME,
        family_name=XSS_NAME,
        date_of_birth=date(1990, 1, 1),
        created_by=practitioner,
    )
