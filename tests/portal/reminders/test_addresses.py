"""Which of her addresses an email goes to. Emails about her account (a sign-in link) go to
the address she signs in with; everything else goes to her record's address, the one the
desk keeps up to date, and to her sign-in address only when the record has none."""

from datetime import timedelta

import pytest

from mesoclinic.messaging.models import Message
from mesoclinic.portal.accounts.sign_in import sign_in_link_ask
from mesoclinic.portal.booking.changes import appointment_cancel_by_patient
from tests.conftest import actor
from tests.portal.conftest import account_for
from tests.portal.reminders.conftest import remind

pytestmark = pytest.mark.django_db

SIGN_IN_ADDRESS = "ada.signs.in@example.org"


def test_a_reminder_goes_to_her_records_address_not_the_one_she_signs_in_with(booked, addressed):
    account_for(booked[1].patient, email=SIGN_IN_ADDRESS)
    remind(booked[1].starts_at - timedelta(hours=47))
    assert {m.to for m in Message.objects.filter(kind="reminder")} == {"ada@example.org"}


def test_a_record_without_an_address_is_reminded_at_the_address_she_signs_in_with(
    booked, addressed
):
    patient = booked[1].patient
    patient.email = ""
    patient.save(update_fields=["email"])
    account_for(patient, email=SIGN_IN_ADDRESS)
    assert remind(booked[1].starts_at - timedelta(hours=47)) == 1
    assert Message.objects.get(kind="reminder").to == SIGN_IN_ADDRESS


def test_a_patient_with_neither_address_is_not_reminded(booked, addressed):
    patient = booked[1].patient
    patient.email = ""
    patient.save(update_fields=["email"])
    assert remind(booked[1].starts_at - timedelta(hours=47)) == 0


def test_the_confirmation_of_her_online_change_goes_to_her_records_address(booked, addressed):
    patient = booked[1].patient
    user = account_for(patient, email=SIGN_IN_ADDRESS)
    appointment_cancel_by_patient(actor=actor(user), patient=patient, appointment_id=booked[1].id)
    assert Message.objects.get(kind="online_change").to == "ada@example.org"


def test_a_sign_in_link_goes_to_the_address_she_signs_in_with(booked, addressed):
    account_for(booked[1].patient, email=SIGN_IN_ADDRESS)
    sign_in_link_ask(email=SIGN_IN_ADDRESS, ip=None)
    assert Message.objects.get(kind="portal_sign_in").to == SIGN_IN_ADDRESS
