"""A patient account's address is unique within a clinic, not across clinics. One person may
be a patient at two clinics with one address, and a clinic's staff must not learn from the
invitation form who is another clinic's patient. Within a clinic, two patients still cannot
share an address, and the desk is told so."""

import pytest
from django.db import IntegrityError
from django.test import Client

from mesoclinic.portal.models import PatientAccount
from tests.conftest import client_for
from tests.portal.accounts.conftest import link_in
from tests.portal.conftest import PASSWORD, account_for

HILLCREST_PASSWORD = "another-long-password-2"
SENT = "If this address belongs to a patient portal account, a sign-in link is on its way."


def invitation_path(patient):
    return f"/patients/{patient.id}/portal-invitation/"


def signed_in_as(client):
    return int(client.session["_auth_user_id"])


def sign_in(password, address="ada@example.org"):
    client = Client()
    client.post("/portal/sign-in/", {"username": address, "password": password})
    return client


@pytest.fixture
def grace_with_adas_address(hillcrest_patient):
    """Grace at Hillcrest signs in with the address Ada uses at Riverside."""
    user = account_for(hillcrest_patient, email="ada@example.org")
    user.set_password(HILLCREST_PASSWORD)
    user.save()
    return user


def test_another_clinics_staff_inviting_with_an_address_used_at_riverside_get_the_fresh_answer(
    ada_account, hillcrest_patient, outsider
):
    client = client_for(outsider)
    used = client.post(
        invitation_path(hillcrest_patient), {"email": "ADA@example.org"}, follow=True
    )
    fresh = client.post(
        invitation_path(hillcrest_patient), {"email": "new@example.org"}, follow=True
    )

    assert "Portal invitation sent to ada@example.org." in used.content.decode()
    assert "Portal invitation sent to new@example.org." in fresh.content.decode()
    assert "Another patient" not in used.content.decode()
    assert used.redirect_chain == fresh.redirect_chain


def test_the_account_takes_its_patients_clinic(ada_account, patient, grace_with_adas_address):
    accounts = PatientAccount.objects.order_by("pk")
    assert [account.clinic_id for account in accounts] == [
        patient.clinic_id,
        grace_with_adas_address.patient_account.patient.clinic_id,
    ]
    assert {account.email for account in accounts} == {"ada@example.org"}


def test_two_accounts_of_one_clinic_cannot_share_an_address(patient, bea):
    account_for(patient, email="shared@example.org")
    with pytest.raises(IntegrityError):
        account_for(bea, email="shared@example.org")


def test_the_same_clinic_desk_is_still_told_the_address_is_taken(patient, bea, front_desk):
    account_for(bea, email="shared@example.org")
    response = client_for(front_desk).post(
        invitation_path(patient), {"email": "shared@example.org"}
    )
    assert "Another patient&#x27;s portal account uses this address" in response.content.decode()
    assert not PatientAccount.objects.filter(patient=patient).exists()


def test_each_of_the_two_accounts_signs_in_with_its_own_password(
    ada_account, grace_with_adas_address
):
    assert signed_in_as(sign_in(PASSWORD)) == ada_account.pk
    assert signed_in_as(sign_in(HILLCREST_PASSWORD)) == grace_with_adas_address.pk
    assert "_auth_user_id" not in sign_in("not-either-password").session


def test_with_one_password_for_both_the_older_account_is_signed_in(
    ada_account, grace_with_adas_address
):
    grace_with_adas_address.set_password(PASSWORD)
    grace_with_adas_address.save()
    assert signed_in_as(sign_in(PASSWORD)) == ada_account.pk


def test_a_sign_in_link_ask_sends_one_email_per_clinic_and_each_opens_its_own_account(
    ada_account, grace_with_adas_address, smtp_server, run_queue
):
    answer = Client().post("/portal/sign-in/link/", {"email": "ada@example.org"})
    assert SENT in answer.content.decode()
    run_queue()
    emails = smtp_server.wait_for(2)

    signed_in = {}
    for email in emails:
        client = Client()
        client.post(link_in(email, "/portal/sign-in/link/"))
        signed_in[email["Subject"]] = signed_in_as(client)
    assert signed_in == {
        "Your sign-in link for Riverside": ada_account.pk,
        "Your sign-in link for Hillcrest": grace_with_adas_address.pk,
    }


def test_through_the_api_too_the_other_clinics_staff_get_the_fresh_answer(
    ada_account, hillcrest_patient, outsider
):
    client = client_for(outsider)
    path = f"/api/v1/patients/{hillcrest_patient.id}/portal-invitation"
    response = client.post(path, {"email": "ada@example.org"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["email"] == "ada@example.org"


def test_an_account_always_takes_its_records_clinic_whatever_it_is_given(
    hillcrest_patient, riverside, hillcrest
):
    user = account_for(hillcrest_patient, email="grace@example.org")
    account = user.patient_account
    account.clinic = riverside
    account.save()
    account.refresh_from_db()
    assert account.clinic_id == hillcrest.id
