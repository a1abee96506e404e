"""The screening API: the same rules and the same access as the pages."""

import json

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.screening.models import Screening, ScreeningSignOff
from mesoclinic.web.tokens import token_create
from tests.conftest import actor, client_for
from tests.screening.conftest import XSS_NAME, api_form


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(practitioner) -> Client:
    return client_for(practitioner)


def test_a_screening_is_created_and_read_back(patient, api):
    response = post(api, f"/api/v1/patients/{patient.id}/screenings", api_form(["diabetes"]))

    assert response.status_code == 201
    body = response.json()
    assert body["outcome"] == {
        "stops": [],
        "cautions": ["diabetes"],
        "unsigned_cautions": ["diabetes"],
        "blocks_course": True,
    }
    assert body["author"] == "riverside.practitioner"
    assert body["clinic_id"] == patient.clinic_id
    under_18 = next(answer for answer in body["answers"] if answer["item"] == "under_18")
    assert under_18 == {**under_18, "answer": False, "system_answered": True}
    assert api.get(f"/api/v1/screenings/{body['id']}").json() == body
    assert [s["id"] for s in api.get(f"/api/v1/patients/{patient.id}/screenings").json()] == [
        body["id"]
    ]


@pytest.mark.parametrize(
    "field", ["clinic", "clinic_id", "author", "status", "created_at", "age_years"]
)
def test_fields_the_server_owns_are_refused(patient, api, field):
    response = post(api, f"/api/v1/patients/{patient.id}/screenings", api_form(**{field: "x"}))

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Screening.objects.exists()


def test_the_age_question_cannot_be_answered_through_the_api(patient, api):
    body = api_form()
    body["answers"].append({"item": "under_18", "answer": False})

    response = post(api, f"/api/v1/patients/{patient.id}/screenings", body)

    assert response.status_code == 422
    assert "under_18" in response.json()["errors"]


def test_a_missing_answer_is_refused_naming_the_item(patient, api):
    body = api_form()
    body["answers"] = [a for a in body["answers"] if a["item"] != "pregnancy"]

    response = post(api, f"/api/v1/patients/{patient.id}/screenings", body)

    assert response.status_code == 422
    assert response.json()["errors"] == {"pregnancy": "Answer yes or no: Pregnant."}


def test_an_item_answered_twice_is_refused(patient, api):
    body = api_form()
    body["answers"].append({"item": "pregnancy", "answer": True})

    assert post(api, f"/api/v1/patients/{patient.id}/screenings", body).status_code == 422


def test_an_amendment_keeps_the_original_answer_in_the_record(clear_screening, api):
    response = post(
        api,
        f"/api/v1/screenings/{clear_screening.id}/amendments",
        {"reason": "recorded wrongly", "answers": [{"item": "pregnancy", "answer": True}]},
    )

    assert response.status_code == 201
    body = response.json()
    pregnancy = next(a for a in body["answers"] if a["item"] == "pregnancy")
    assert (pregnancy["answer"], pregnancy["original_answer"]) == (True, False)
    assert body["amendments"][0]["reason"] == "recorded wrongly"
    assert body["outcome"]["stops"] == ["pregnancy"]


def test_an_amendment_without_a_reason_is_refused(clear_screening, api):
    response = post(
        api,
        f"/api/v1/screenings/{clear_screening.id}/amendments",
        {"reason": "", "answers": [{"item": "pregnancy", "answer": True}]},
    )
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]


def test_a_caution_is_signed_off_and_no_longer_blocks(cautioned, api):
    response = post(
        api,
        f"/api/v1/screenings/{cautioned.id}/sign-offs",
        {"item": "diabetes", "reason": "controlled"},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["outcome"]["blocks_course"] is False
    assert body["sign_offs"][0] == {**body["sign_offs"][0], "item": "diabetes", "holds": True}


def test_a_stop_sign_off_is_refused(stopped, api):
    response = post(
        api, f"/api/v1/screenings/{stopped.id}/sign-offs", {"item": "pregnancy", "reason": "x"}
    )

    assert response.status_code == 422
    assert "cannot be signed off" in response.json()["errors"]["item"]
    assert not ScreeningSignOff.objects.exists()


@pytest.mark.parametrize("field", ["author", "at", "revision"])
def test_a_sign_off_refuses_server_fields(cautioned, api, field):
    response = post(
        api,
        f"/api/v1/screenings/{cautioned.id}/sign-offs",
        {"item": "diabetes", "reason": "x", field: "1"},
    )
    assert response.status_code == 422


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_screening_has_no_update_or_delete_endpoint(clear_screening, api, method):
    response = getattr(api, method)(
        f"/api/v1/screenings/{clear_screening.id}",
        json.dumps({"taken_on": "2020-01-01"}),
        content_type="application/json",
    )
    assert response.status_code == 405


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_screening_endpoints_are_not_found_without_clinical_access(
    cautioned, patient, who, request
):
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"/api/v1/patients/{patient.id}/screenings").status_code == 404
    assert client.get(f"/api/v1/screenings/{cautioned.id}").status_code == 404
    assert post(client, f"/api/v1/patients/{patient.id}/screenings", api_form()).status_code == 404
    assert (
        post(
            client,
            f"/api/v1/screenings/{cautioned.id}/amendments",
            {"reason": "x", "answers": [{"item": "pregnancy", "answer": True}]},
        ).status_code
        == 404
    )
    assert (
        post(
            client,
            f"/api/v1/screenings/{cautioned.id}/sign-offs",
            {"item": "diabetes", "reason": "x"},
        ).status_code
        == 404
    )
    assert Screening.objects.count() == 1
    assert not ScreeningSignOff.objects.exists()


def test_a_bearer_token_works_and_the_trail_says_it_came_through_the_api(
    clear_screening, practitioner
):
    _, token = token_create(actor=actor(practitioner), user=practitioner)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.get(f"/api/v1/screenings/{clear_screening.id}")

    assert response.status_code == 200
    row = AuditEvent.objects.filter(action=Action.READ).first()
    assert (row.target, row.via) == (f"screening {clear_screening.id}", "api")


def test_a_session_post_without_the_csrf_token_is_refused(patient, practitioner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    response = post(strict, f"/api/v1/patients/{patient.id}/screenings", api_form())

    assert response.status_code == 403
    assert not Screening.objects.exists()


def test_without_a_login_the_api_answers_401(clear_screening, client):
    assert client.get(f"/api/v1/screenings/{clear_screening.id}").status_code == 401


def test_each_api_read_and_write_is_audited(patient, api):
    created = post(api, f"/api/v1/patients/{patient.id}/screenings", api_form()).json()
    api.get(f"/api/v1/screenings/{created['id']}")
    api.get(f"/api/v1/patients/{patient.id}/screenings")

    rows = AuditEvent.objects.filter(patient_id=patient.id, via="api")
    assert rows.filter(action=Action.CREATE, target=f"screening {created['id']}").exists()
    assert rows.filter(action=Action.READ, target=f"screening {created['id']}").exists()
    assert rows.filter(action=Action.READ, target="screening list").exists()


def test_a_hostile_note_comes_back_as_data_not_markup(patient, api):
    body = api_form()
    body["answers"][0]["note"] = XSS_NAME

    created = post(api, f"/api/v1/patients/{patient.id}/screenings", body)

    assert created.status_code == 201
    assert created["Content-Type"].startswith("application/json")
    assert created.json()["answers"][0]["note"] == XSS_NAME


def test_the_openapi_document_lists_the_screening_and_consent_endpoints(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/patients/{patient_id}/screenings",
        "/api/v1/screenings/{screening_id}",
        "/api/v1/screenings/{screening_id}/amendments",
        "/api/v1/screenings/{screening_id}/sign-offs",
        "/api/v1/patients/{patient_id}/consents",
        "/api/v1/consents/{consent_id}",
        "/api/v1/consent-templates",
    } <= set(paths)
    assert set(paths["/api/v1/consents/{consent_id}"]) == {"get"}
