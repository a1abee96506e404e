"""The consent API: sign once, read forever, change never."""

import json

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.consent.models import SignedConsent
from tests.conftest import client_for
from tests.consent.conftest import XSS_NAME, png_data_url, sign_consent


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def consent_body(**extra):
    return {
        "template_version": None,
        "patient_typed_name": "Ada Lovelace",
        "expected_sessions": "10–15",
        "cost": "£900",
        "signature_kind": "typed",
        **extra,
    }


@pytest.fixture
def api(practitioner) -> Client:
    return client_for(practitioner)


def test_a_consent_is_signed_and_read_back(patient, api):
    response = post(api, f"/api/v1/patients/{patient.id}/consents", consent_body())

    assert response.status_code == 201
    body = response.json()
    assert body["template_version"] == 1
    assert body["witness"] == "riverside.practitioner"
    assert "about 10–15 sessions" in body["text"]
    assert api.get(f"/api/v1/consents/{body['id']}").json() == body
    assert [c["id"] for c in api.get(f"/api/v1/patients/{patient.id}/consents").json()] == [
        body["id"]
    ]


def test_a_drawn_signature_comes_back_as_a_png_data_url(patient, api):
    response = post(
        api,
        f"/api/v1/patients/{patient.id}/consents",
        consent_body(signature_kind="drawn", signature_png=png_data_url()),
    )

    assert response.status_code == 201
    assert response.json()["signature_png"].startswith("data:image/png;base64,")


def test_a_bad_drawing_is_refused_naming_the_field(patient, api):
    response = post(
        api,
        f"/api/v1/patients/{patient.id}/consents",
        consent_body(signature_kind="drawn", signature_png="data:text/html,<b>x</b>"),
    )
    assert response.status_code == 422
    assert "signature_png" in response.json()["errors"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("signed_at", "2020-01-01T00:00:00Z"),
        ("witness", "someone.else"),
        ("clinic", 1),
        ("clinic_id", 1),
        ("author", 1),
        ("status", "active"),
        ("text", "I agree to anything."),
    ],
)
def test_fields_the_server_owns_are_refused(patient, api, field, value):
    response = post(api, f"/api/v1/patients/{patient.id}/consents", consent_body(**{field: value}))

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not SignedConsent.objects.exists()


def test_a_stale_form_version_is_refused(patient, api, practitioner):
    sign_consent(patient, practitioner)

    response = post(
        api, f"/api/v1/patients/{patient.id}/consents", consent_body(template_version=7)
    )

    assert response.status_code == 422
    assert "template_version" in response.json()["errors"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_signed_consent_has_no_update_or_delete_endpoint(patient, api, practitioner, method):
    consent = sign_consent(patient, practitioner)

    response = getattr(api, method)(
        f"/api/v1/consents/{consent.id}",
        json.dumps({"cost": "£1"}),
        content_type="application/json",
    )

    assert response.status_code == 405
    consent.refresh_from_db()
    assert (consent.cost, consent.status) == ("£900", "active")


def test_the_current_form_of_each_clinic_is_listed(riverside, api, practitioner, patient):
    before = api.get("/api/v1/consent-templates").json()
    assert before == [
        {**before[0], "clinic_id": riverside.id, "clinic": "Riverside", "version": None}
    ]
    assert "{{cost}}" in before[0]["body"]

    sign_consent(patient, practitioner)

    assert api.get("/api/v1/consent-templates").json()[0]["version"] == 1


def test_the_form_list_shows_only_the_callers_clinics(riverside, hillcrest, outsider):
    forms = client_for(outsider).get("/api/v1/consent-templates").json()
    assert [form["clinic"] for form in forms] == ["Hillcrest"]


def test_front_desk_gets_no_consent_forms(riverside, front_desk):
    assert client_for(front_desk).get("/api/v1/consent-templates").json() == []


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_consent_endpoints_are_not_found_without_clinical_access(
    patient, practitioner, who, request
):
    consent = sign_consent(patient, practitioner)
    client = client_for(request.getfixturevalue(who))

    assert client.get(f"/api/v1/patients/{patient.id}/consents").status_code == 404
    assert client.get(f"/api/v1/consents/{consent.id}").status_code == 404
    response = post(
        client, f"/api/v1/patients/{patient.id}/consents", consent_body(template_version=1)
    )
    assert response.status_code == 404
    assert SignedConsent.objects.count() == 1


def test_a_session_post_without_the_csrf_token_is_refused(patient, practitioner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    response = post(strict, f"/api/v1/patients/{patient.id}/consents", consent_body())

    assert response.status_code == 403
    assert not SignedConsent.objects.exists()


def test_each_api_read_and_write_is_audited(patient, api):
    created = post(api, f"/api/v1/patients/{patient.id}/consents", consent_body()).json()
    api.get(f"/api/v1/consents/{created['id']}")
    api.get(f"/api/v1/patients/{patient.id}/consents")
    api.get("/api/v1/consent-templates")

    rows = AuditEvent.objects.filter(via="api")
    assert rows.filter(action=Action.SIGN, target=f"consent {created['id']}").exists()
    assert rows.filter(action=Action.READ, target=f"consent {created['id']}").exists()
    assert rows.filter(action=Action.READ, target="consent list").exists()
    assert rows.filter(action=Action.READ, target="consent forms").exists()


def test_hostile_text_comes_back_as_json_data(xss_patient, api):
    response = post(
        api,
        f"/api/v1/patients/{xss_patient.id}/consents",
        consent_body(patient_typed_name=f"{XSS_NAME} {XSS_NAME}"),
    )

    assert response["Content-Type"].startswith("application/json")
    assert response.json()["patient_typed_name"] == f"{XSS_NAME} {XSS_NAME}"
