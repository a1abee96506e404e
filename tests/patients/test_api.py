import json

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.patients.models import Patient
from mesoclinic.web.tokens import token_create, token_revoke
from tests.conftest import actor, client_for


def bearer(user) -> dict[str, str]:
    _, token = token_create(actor=actor(user), user=user)
    return {"Authorization": f"Bearer {token}"}


NEW = {"given_name": "Mary", "family_name": "Somerville", "date_of_birth": "1980-12-26"}


def post_json(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def test_a_token_holder_lists_reads_and_creates_patients_of_their_clinic(practitioner, patient):
    client, auth = Client(), bearer(practitioner)

    listed = client.get("/api/v1/patients", headers=auth)
    read = client.get(f"/api/v1/patients/{patient.id}", headers=auth)
    created = post_json(client, "/api/v1/patients", NEW, **auth)

    assert [p["id"] for p in listed.json()] == [patient.id]
    assert read.json()["family_name"] == "Lovelace"
    assert created.status_code == 201
    assert created.json()["clinic_id"] == patient.clinic_id
    assert AuditEvent.objects.filter(via="api", action=Action.READ, patient_id=patient.id).exists()


def test_search_sends_the_words_in_a_post_body(practitioner, patient):
    response = post_json(
        Client(), "/api/v1/patients/search", {"q": "1985-12-10"}, **bearer(practitioner)
    )

    assert [p["id"] for p in response.json()] == [patient.id]


@pytest.mark.parametrize("role", ["outsider", "chain_manager"])
def test_another_clinics_search_finds_none_of_our_patients(request, patient, role):
    auth = bearer(request.getfixturevalue(role))

    response = post_json(Client(), "/api/v1/patients/search", {"q": "Lovelace"}, **auth)

    assert response.status_code == 200
    assert response.json() == []


def test_a_search_in_the_url_is_refused_with_where_to_send_it(practitioner, patient):
    response = Client().get("/api/v1/patients?q=Lovelace", headers=bearer(practitioner))

    assert response.status_code == 422
    assert "POST /api/v1/patients/search" in response.json()["errors"]["q"]


@pytest.mark.parametrize("role", ["outsider", "chain_manager"])
def test_another_clinics_token_gets_404(request, patient, role):
    auth = bearer(request.getfixturevalue(role))

    assert Client().get(f"/api/v1/patients/{patient.id}", headers=auth).status_code == 404
    response = Client().patch(
        f"/api/v1/patients/{patient.id}",
        json.dumps({"phone": "1"}),
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 404


def test_no_credentials_get_401_in_json_not_a_login_page(patient):
    response = Client().get("/api/v1/patients")

    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_a_revoked_or_made_up_token_is_refused(practitioner):
    row, token = token_create(actor=actor(practitioner), user=practitioner)
    token_revoke(actor=actor(practitioner), token=row)

    for value in (token, "mc_made-up"):
        response = Client().get("/api/v1/patients", headers={"Authorization": f"Bearer {value}"})
        assert response.status_code == 401


def test_server_owned_fields_are_refused(practitioner, hillcrest):
    response = post_json(
        Client(),
        "/api/v1/patients",
        {**NEW, "clinic": hillcrest.id, "status": "active"},
        **bearer(practitioner),
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) >= {"clinic", "status"}
    assert not Patient.objects.exists()


def test_errors_name_each_field(practitioner):
    response = post_json(
        Client(),
        "/api/v1/patients",
        {"given_name": "", "family_name": "X", "date_of_birth": "1980-13-01"},
        **bearer(practitioner),
    )

    errors = response.json()["errors"]
    assert response.status_code == 422
    assert {"given_name", "date_of_birth"} <= set(errors)


def test_a_future_birth_date_is_refused_with_its_field(practitioner):
    response = post_json(
        Client(), "/api/v1/patients", {**NEW, "date_of_birth": "2999-01-01"}, **bearer(practitioner)
    )

    assert response.status_code == 422
    assert "date_of_birth" in response.json()["errors"]


def test_amending_details_changes_only_what_is_sent(practitioner, patient):
    response = Client().patch(
        f"/api/v1/patients/{patient.id}",
        json.dumps({"phone": "020 7946 0123"}),
        content_type="application/json",
        headers=bearer(practitioner),
    )

    patient.refresh_from_db()
    assert response.status_code == 200
    assert (patient.phone, patient.given_name) == ("+442079460123", "Ada")


def test_the_browser_session_works_for_the_api_but_needs_csrf_to_change_anything(practitioner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    assert strict.get("/api/v1/patients").status_code == 200
    assert post_json(strict, "/api/v1/patients", NEW).status_code == 403


def test_a_hostile_name_comes_back_as_data_not_markup(practitioner):
    created = post_json(
        Client(),
        "/api/v1/patients",
        {**NEW, "given_name": "<img src=x onerror=alert(1)>"},
        **bearer(practitioner),
    )

    assert created["Content-Type"] == "application/json; charset=utf-8"
    assert created.json()["given_name"] == "<img src=x onerror=alert(1)>"


def test_the_openapi_document_is_published(db):
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert "/api/v1/patients" in response.json()["paths"]


def test_front_desk_may_use_the_patient_api(front_desk, patient):
    assert client_for(front_desk).get(f"/api/v1/patients/{patient.id}").status_code == 200
