"""POST and PATCH /api/v1/patients meet the same look-alike check as the pages: 409 with
the look-alikes (id, name, birth date) until the request says `different_person: true`."""

import json

from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.patients.models import Patient
from tests.patients.test_api import bearer, post_json

ADA = {"given_name": "Ada", "family_name": "Lovelace", "date_of_birth": "1985-12-10"}


def test_the_api_answers_409_with_the_look_alikes_and_adds_nothing(practitioner, patient):
    response = post_json(Client(), "/api/v1/patients", ADA, **bearer(practitioner))

    assert response.status_code == 409
    body = response.json()
    assert body["duplicates"] == [
        {
            "id": patient.id,
            "given_name": "Ada",
            "family_name": "Lovelace",
            "date_of_birth": "1985-12-10",
        }
    ]
    assert "different person" in body["errors"]["different_person"]
    assert body["detail"] == body["errors"]["different_person"]
    assert Patient.objects.count() == 1
    assert AuditEvent.objects.filter(
        via="api", action=Action.READ, target="patient duplicate check"
    ).exists()


def test_the_api_adds_a_look_alike_sent_again_as_a_different_person(practitioner, patient):
    response = post_json(
        Client(), "/api/v1/patients", {**ADA, "different_person": True}, **bearer(practitioner)
    )

    assert response.status_code == 201
    assert Patient.objects.count() == 2
    assert "different_person" not in response.json()


def test_the_api_never_shows_another_clinics_patient_as_a_look_alike(outsider, patient):
    response = post_json(Client(), "/api/v1/patients", ADA, **bearer(outsider))

    assert response.status_code == 201
    assert response.json()["clinic_id"] != patient.clinic_id


def test_the_document_describes_the_look_alikes_answer(practitioner):
    document = Client().get("/api/v1/openapi.json").json()

    answer = document["paths"]["/api/v1/patients"]["post"]["responses"]["409"]
    name = answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "duplicates" in document["components"]["schemas"][name]["properties"]


def patch_json(path, body, user):
    return Client().patch(
        path, json.dumps(body), content_type="application/json", headers=bearer(user)
    )


def test_a_patch_that_makes_her_a_look_alike_is_answered_409_and_changes_nothing(
    practitioner, patient, mary
):
    response = patch_json(f"/api/v1/patients/{mary.id}", {"phone": "07700 900123"}, practitioner)

    assert response.status_code == 409
    assert [p["id"] for p in response.json()["duplicates"]] == [patient.id]
    mary.refresh_from_db()
    assert mary.phone == "+442079460000"
    assert AuditEvent.objects.filter(
        via="api", action=Action.READ, target="patient duplicate check", patient_id=mary.id
    ).exists()
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_the_patch_sent_again_as_a_different_person_is_saved(practitioner, patient, mary):
    response = patch_json(
        f"/api/v1/patients/{mary.id}",
        {"given_name": "Ada", "family_name": "Lovelace", "different_person": True},
        practitioner,
    )

    assert response.status_code == 200
    assert response.json()["given_name"] == "Ada"
    assert "different_person" not in response.json()


def test_a_patch_never_counts_another_clinics_patient_as_a_look_alike(
    outsider, patient, hillcrest_patient
):
    response = patch_json(
        f"/api/v1/patients/{hillcrest_patient.id}",
        {"given_name": "Ada", "family_name": "Lovelace", "date_of_birth": "1985-12-10"},
        outsider,
    )

    assert response.status_code == 200
    assert response.json()["family_name"] == "Lovelace"


def test_another_clinics_token_confirming_a_different_person_gets_404(outsider, patient):
    response = patch_json(
        f"/api/v1/patients/{patient.id}",
        {"given_name": "Grace", "different_person": True},
        outsider,
    )

    assert response.status_code == 404
    patient.refresh_from_db()
    assert patient.given_name == "Ada"


def test_the_document_describes_the_look_alikes_answer_to_a_patch(practitioner):
    document = Client().get("/api/v1/openapi.json").json()

    operation = document["paths"]["/api/v1/patients/{patient_id}"]["patch"]
    answer = operation["responses"]["409"]
    name = answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "duplicates" in document["components"]["schemas"][name]["properties"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert (
        "different_person"
        in document["components"]["schemas"][body.rsplit("/", 1)[-1]]["properties"]
    )
