"""The portal is a separate world: patients sign in with their email, see only their own
pages, and never reach a staff page or endpoint; staff never reach a portal page."""

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from tests.conftest import client_for
from tests.portal.conftest import PASSWORD


def test_a_patient_signs_in_with_her_email_and_password_and_lands_on_her_home(ada_account):
    client = Client()
    response = client.post(
        "/portal/sign-in/", {"username": "ADA@example.org", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/portal/"
    assert "Hello, Ada" in response.content.decode()


def test_a_wrong_password_says_what_to_check(ada_account):
    response = Client().post(
        "/portal/sign-in/", {"username": "ada@example.org", "password": "wrong-password-1"}
    )
    assert "do not match an account" in response.content.decode()


def test_a_staff_account_is_refused_at_the_patients_sign_in(practitioner):
    practitioner.set_password(PASSWORD)
    practitioner.save()
    response = Client().post(
        "/portal/sign-in/", {"username": practitioner.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_signed_out_visitors_are_sent_to_the_patients_sign_in_not_the_staff_one(db):
    response = Client().get("/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/sign-in/")


@pytest.mark.parametrize(
    "path", ["/", "/patients/", "/today/1/", "/recalls/", "/audit/", "/clinic/", "/plan/"]
)
def test_a_patient_on_a_staff_page_is_taken_to_her_portal(ada_client, path):
    response = ada_client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


@pytest.mark.parametrize("path", ["/api/v1/patients/", "/api/v1/openapi.json", "/api/v1/nowhere"])
def test_a_patient_gets_404_from_every_staff_endpoint(ada_client, path):
    response = ada_client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_staff_get_404_from_portal_pages_and_endpoints(practitioner, clinic_admin):
    for user in (practitioner, clinic_admin):
        client = client_for(user)
        assert client.get("/portal/").status_code == 404
        assert client.get("/api/v1/portal/me").status_code == 404


def test_her_home_and_her_account_endpoint_are_read_into_the_audit_trail(ada_client, patient):
    assert ada_client.get("/portal/").status_code == 200
    me = ada_client.get("/api/v1/portal/me")
    assert me.json()["given_name"] == "Ada"
    reads = AuditEvent.objects.filter(patient_id=patient.id, action=Action.READ, via="portal")
    assert reads.count() == 2


def test_each_patient_sees_her_own_name_only(ada_client, bea_client, grace_client):
    assert bea_client.get("/api/v1/portal/me").json()["given_name"] == "Bea"
    assert grace_client.get("/api/v1/portal/me").json()["given_name"] == "Grace"
    assert "Bea" not in ada_client.get("/portal/").content.decode()


def test_a_patient_whose_record_was_entered_in_error_has_no_portal(ada_client, patient):
    patient.status = "entered_in_error"
    patient.save()
    assert ada_client.get("/portal/").status_code == 404
