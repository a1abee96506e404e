"""The demo has a patient who can sign in to the portal, printed with its login, and a
clinic that takes bookings online."""

import pytest
from django.core.management import call_command
from django.test import Client

from mesoclinic.clinics.models import Clinic
from mesoclinic.portal.models import PatientAccount, settings_for


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_prints_a_patient_login_that_signs_in_to_the_portal(db, capsys):
    call_command("demo")

    out = capsys.readouterr().out
    assert "Demo patient portal at /portal/: demo.patient@example.org" in out
    account = PatientAccount.objects.get(email="demo.patient@example.org")
    assert not account.user.memberships.exists()
    response = Client().post(
        "/portal/sign-in/",
        {"username": "demo.patient@example.org", "password": "demo-password-123"},
        follow=True,
    )
    assert f"Hello, {account.patient.given_name}" in response.content.decode()
    # Her reminders and confirmations (to her record's address) reach the inbox she signs
    # in with.
    assert account.patient.email == account.email

    riverside = settings_for(Clinic.objects.get(name="Riverside").id)
    assert riverside.online_booking
    names = {user.username for user in riverside.online_practitioners.all()}
    assert names == {"riverside.practitioner", "riverside.practitioner2"}
    assert account.patient.clinic.name == "Riverside"
