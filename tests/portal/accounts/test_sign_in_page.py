"""The patients' sign-in page is for signing in: a patient already signed in (a bookmark,
the back button) is sent to her home instead of being shown the form again."""

from django.test import Client

from tests.conftest import client_for
from tests.portal.conftest import PASSWORD


def test_a_signed_in_patient_opening_the_sign_in_page_is_sent_to_her_home(ada_client):
    response = ada_client.get("/portal/sign-in/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_a_signed_in_patient_posting_the_sign_in_form_again_goes_home(ada_client):
    response = ada_client.post(
        "/portal/sign-in/", {"username": "ada@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/portal/"


def test_a_visitor_gets_the_sign_in_form(db):
    response = Client().get("/portal/sign-in/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_signed_in_staff_are_not_sent_into_the_portal(practitioner):
    response = client_for(practitioner).get("/portal/sign-in/")
    assert response.status_code == 200
