"""POST /api/v1/patients meets the same look-alike check as the page: 409 with the
look-alikes (id, name, birth date) until the request says `different_person: true`."""

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
