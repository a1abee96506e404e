"""From the invitation email she sets a password (the clinic's password rules) and is signed
in; the link then works no more."""

from datetime import timedelta

from django.test import Client

from mesoclinic.portal.accounts.services import account_invite
from mesoclinic.portal.models import PatientLink
from tests.conftest import actor
from tests.portal.accounts.conftest import link_in

GOOD = "a-sound-new-password-7"


def invited(patient, staff, smtp_server, run_queue) -> str:
    account_invite(actor=actor(staff), patient_id=patient.id, email="ada@example.org")
    run_queue()
    [email] = smtp_server.wait_for(1)
    return link_in(email, "/portal/welcome/")


def test_she_sets_a_password_from_the_email_and_lands_signed_in_on_her_home(
    patient, front_desk, smtp_server, run_queue
):
    path = invited(patient, front_desk, smtp_server, run_queue)
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    assert 'for="id_password"' in page.content.decode()

    response = client.post(path, {"password": GOOD, "password_again": GOOD}, follow=True)

    assert response.redirect_chain[-1][0] == "/portal/"
    assert "Hello, Ada" in response.content.decode()
    again = Client().post("/portal/sign-in/", {"username": "ada@example.org", "password": GOOD})
    assert again.status_code == 302


def test_a_weak_password_is_refused_beside_its_field_and_the_link_still_works(
    patient, front_desk, smtp_server, run_queue
):
    path = invited(patient, front_desk, smtp_server, run_queue)
    client = Client()
    response = client.post(path, {"password": "12345678", "password_again": "12345678"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "too short" in text
    assert "_auth_user_id" not in client.session
    assert PatientLink.objects.get().used_at is None
    assert client.post(path, {"password": GOOD, "password_again": GOOD}).status_code == 302


def test_two_different_passwords_are_refused_beside_the_second(
    patient, front_desk, smtp_server, run_queue
):
    path = invited(patient, front_desk, smtp_server, run_queue)
    response = Client().post(path, {"password": GOOD, "password_again": GOOD + "x"})
    assert "The two passwords differ" in response.content.decode()


def test_the_link_works_once(patient, front_desk, smtp_server, run_queue):
    path = invited(patient, front_desk, smtp_server, run_queue)
    Client().post(path, {"password": GOOD, "password_again": GOOD})
    again = Client().get(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_an_expired_invitation_says_to_ask_for_a_new_one(
    patient, front_desk, smtp_server, run_queue
):
    path = invited(patient, front_desk, smtp_server, run_queue)
    link = PatientLink.objects.get()
    link.expires_at = link.created_at - timedelta(seconds=1)
    link.save()
    response = Client().post(path, {"password": GOOD, "password_again": GOOD})
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_a_made_up_link_is_not_found(db):
    response = Client().get("/portal/welcome/not-a-real-secret/")
    assert response.status_code == 404
    assert "whole link was copied" in response.content.decode()
