"""Her account page: the address she signs in with, and a new password once she gives the
current one."""

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.portal.accounts.conftest import link_in
from tests.portal.conftest import PASSWORD

NEW = "another-sound-password-9"


def change(client, current=PASSWORD, new=NEW, again=None):
    data = {"current_password": current, "new_password": new, "new_password_again": again or new}
    return client.post("/portal/account/", data)


def test_her_account_page_shows_the_address_she_signs_in_with(ada_client):
    response = ada_client.get("/portal/account/")
    assert response.status_code == 200
    assert "ada@example.org" in response.content.decode()


def test_she_changes_her_password_with_her_current_one(ada_client):
    response = change(ada_client)
    assert response.status_code == 302
    assert ada_client.get("/portal/account/").status_code == 200  # still signed in
    signed_in = Client().post("/portal/sign-in/", {"username": "ada@example.org", "password": NEW})
    assert signed_in.status_code == 302


def test_a_wrong_current_password_is_refused_beside_it(ada_client, ada_account):
    text = change(ada_client, current="not-my-password-1").content.decode()
    assert "That is not your current password." in text
    ada_account.refresh_from_db()
    assert ada_account.check_password(PASSWORD)


def test_a_new_password_the_rules_refuse_is_refused_beside_it(ada_client):
    text = change(ada_client, new="short").content.decode()
    assert "too short" in text


def test_a_mistyped_repeat_is_refused(ada_client):
    text = change(ada_client, again=NEW + "x").content.decode()
    assert "The two new passwords differ." in text


def test_each_patient_sees_her_own_address(bea_client, grace_client):
    assert "bea@example.org" in bea_client.get("/portal/account/").content.decode()
    text = grace_client.get("/portal/account/").content.decode()
    assert "grace@example.org" in text
    assert "ada@example.org" not in text


@pytest.mark.parametrize("role", ["practitioner", "clinic_admin"])
def test_staff_get_404_from_the_account_page(request, role):
    assert client_for(request.getfixturevalue(role)).get("/portal/account/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get("/portal/account/")
    assert response["Location"].startswith("/portal/sign-in/")


def test_signed_in_by_an_emailed_link_she_sets_a_new_password_without_the_old_one(
    ada_account, smtp_server, run_queue
):
    """The way back in when she forgot her password."""
    Client().post("/portal/sign-in/link/", {"email": "ada@example.org"})
    run_queue()
    client = Client()
    client.post(link_in(smtp_server.wait_for(1)[0], "/portal/sign-in/link/"))
    page = client.get("/portal/account/").content.decode()
    assert "current password is not needed" in page
    assert 'name="current_password"' not in page

    response = client.post("/portal/account/", {"new_password": NEW, "new_password_again": NEW})

    assert response.status_code == 302
    ada_account.refresh_from_db()
    assert ada_account.check_password(NEW)
    assert 'name="current_password"' in client.get("/portal/account/").content.decode()


def test_signed_in_with_a_password_she_still_needs_the_current_one(ada_client):
    response = ada_client.post("/portal/account/", {"new_password": NEW, "new_password_again": NEW})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
