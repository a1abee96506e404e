"""Portal fixtures: Ada (riverside) has an account; so do Bea, another riverside patient,
and Grace at hillcrest. Every portal test checks Ada's records against the other two."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mesoclinic.patients.models import Patient
from mesoclinic.portal.models import PatientAccount
from tests.conftest import client_for

PASSWORD = "a-long-portal-password-1"


def account_for(patient: Patient, email: str | None = None) -> User:
    """A patient account made directly, for tests of what comes after the invitation."""
    address = (email or patient.email or f"patient{patient.pk}@example.org").lower()
    user = User.objects.create_user(username=f"patient-{patient.pk}", password=PASSWORD)
    PatientAccount.objects.create(
        user=user, patient=patient, clinic_id=patient.clinic_id, email=address
    )
    return user


@pytest.fixture
def ada_account(patient) -> User:
    return account_for(patient)


@pytest.fixture
def ada_client(ada_account) -> Client:
    return client_for(ada_account)


@pytest.fixture
def bea(riverside, practitioner) -> Patient:
    return Patient.objects.create(
        clinic=riverside,
        given_name="Bea",
        family_name="Other",
        date_of_birth=date(1990, 3, 4),
        email="bea@example.org",
        may_contact=True,
        created_by=practitioner,
    )


@pytest.fixture
def bea_client(bea) -> Client:
    return client_for(account_for(bea))


@pytest.fixture
def grace_client(hillcrest_patient) -> Client:
    return client_for(account_for(hillcrest_patient, email="grace@example.org"))
