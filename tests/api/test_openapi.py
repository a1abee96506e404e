"""The OpenAPI document says what the API does: each schema has its own name, each
operation its error responses, and a request that follows the document is accepted."""

from collections import Counter

import jsonschema_rs
import pytest
from django.test import Client
from ninja import Schema

from mesoclinic.api import api
from tests.api.conftest import send
from tests.screening.conftest import api_form

pytestmark = pytest.mark.django_db

ERROR_STATUSES = {"400", "401", "403", "404", "409", "413", "422"}
ASSESSMENT = {
    "assessed_on": "2026-01-12",
    "kind": "initial",
    "weight_kg": "68.0",
    "areas": [
        {"area": "thighs", "side": "left", "nm_grade": 2},
        {"area": "thighs", "side": "right", "nm_grade": 2},
    ],
}


def document() -> dict:
    return Client().get("/api/v1/openapi.json").json()


def request_schema(doc: dict, path: str) -> dict:
    body = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return {**body, "components": doc["components"]}


def follows_the_document(doc: dict, path: str, body: dict) -> dict:
    errors = list(jsonschema_rs.validator_for(request_schema(doc, path)).iter_errors(body))
    assert not errors, [error.message for error in errors]
    return body


def every_schema_class(base: type) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        found.append(sub)
        found.extend(every_schema_class(sub))
    return found


def test_no_two_schemas_of_the_api_share_a_name():
    ours = [cls for cls in every_schema_class(Schema) if cls.__module__.startswith("mesoclinic.")]

    twice = [name for name, count in Counter(cls.__name__ for cls in ours).items() if count > 1]

    assert ours
    assert twice == []


def test_every_operation_documents_its_errors_with_their_bodies():
    doc = document()

    for path, item in doc["paths"].items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert documented >= ERROR_STATUSES, (method, path, ERROR_STATUSES - documented)
    refusal = doc["components"]["schemas"]["RefusalOut"]
    assert refusal["properties"]["errors"]["additionalProperties"] == {"type": "string"}


def test_rota_times_are_documented_as_wall_clock_times_without_an_offset():
    span = api.get_openapi_schema()["components"]["schemas"]["SpanIn"]

    starts = span["properties"]["starts"]
    assert starts["type"] == "string"
    assert "format" not in starts
    assert starts["pattern"].startswith("^([01][0-9]|2[0-3]):[0-5][0-9]")


def test_screening_and_assessment_requests_built_from_the_document_are_accepted(
    practitioner, patient
):
    doc = document()
    screenings = "/api/v1/patients/{patient_id}/screenings"
    assessments = "/api/v1/patients/{patient_id}/assessments"

    screening = send(
        "post",
        f"/api/v1/patients/{patient.id}/screenings",
        follows_the_document(doc, screenings, api_form()),
        practitioner,
    )
    screening_amendment = follows_the_document(
        doc,
        "/api/v1/screenings/{screening_id}/amendments",
        {"reason": "recorded wrongly", "answers": [{"item": "diabetes", "answer": True}]},
    )
    amended_screening = send(
        "post",
        f"/api/v1/screenings/{screening.json()['id']}/amendments",
        screening_amendment,
        practitioner,
    )
    created = send(
        "post",
        f"/api/v1/patients/{patient.id}/assessments",
        follows_the_document(doc, assessments, ASSESSMENT),
        practitioner,
    )
    assessment_id = created.json()["id"]
    send("post", f"/api/v1/assessments/{assessment_id}/sign", {}, practitioner)
    assessment_amendment = follows_the_document(
        doc,
        "/api/v1/assessments/{assessment_id}/amendments",
        {"reason": "weighed again", "weight_kg": "67.5"},
    )
    amended_assessment = send(
        "post",
        f"/api/v1/assessments/{assessment_id}/amendments",
        assessment_amendment,
        practitioner,
    )

    assert screening.status_code == 201, screening.content
    assert amended_screening.status_code == 201, amended_screening.content
    assert created.status_code == 201, created.content
    assert amended_assessment.status_code == 201, amended_assessment.content
    assert amended_assessment.json()["weight_kg"] == "67.5"


def test_the_patient_search_is_documented_as_a_post_with_a_body():
    doc = document()

    search = doc["paths"]["/api/v1/patients/search"]["post"]
    listing = doc["paths"]["/api/v1/patients"]["get"]

    assert "requestBody" in search
    assert all(parameter["name"] != "q" for parameter in listing.get("parameters", []))
