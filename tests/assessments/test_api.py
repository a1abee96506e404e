"""Assessments and photos through the JSON API."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mesoclinic.assessments.models import Assessment, Photo
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.patients.models import Patient
from mesoclinic.web.tokens import token_create
from tests.assessments.conftest import jpeg_bytes
from tests.conftest import actor

XSS = "<img src=x onerror=alert(1)>"
NEW = {
    "assessed_on": "2026-01-12",
    "kind": "initial",
    "weight_kg": "68.0",
    "areas": [
        {
            "area": "thighs",
            "side": "left",
            "nm_grade": 2,
            "css": {"a": 2, "b": 2, "c": 1, "d": 1, "e": 2},
            "circumference_cm": "58.5",
            "landmark": "18 cm above the top of the kneecap",
        },
        {
            "area": "buttocks",
            "side": "right",
            "findings": {
                "dimpling_on_pinch": True,
                "visible_standing": True,
                "visible_lying": True,
            },
        },
    ],
}


def bearer(user) -> dict[str, str]:
    _, token = token_create(actor=actor(user), user=user)
    return {"Authorization": f"Bearer {token}"}


def post_json(path, body, user, client=None):
    return (client or Client()).post(
        path, json.dumps(body), content_type="application/json", headers=bearer(user)
    )


def test_an_assessment_created_through_the_api_carries_the_computed_scores(practitioner, patient):
    response = post_json(f"/api/v1/patients/{patient.id}/assessments", NEW, practitioner)

    assert response.status_code == 201
    body = response.json()
    left, right = body["areas"]
    assert (left["css_total"], left["css_band"]) == (8, "moderate")
    assert (right["nm_grade"], right["graded_from_findings"]) == (3, True)
    assert body["worst_area"]["label"] == "Buttocks, right"
    assert body["author"] == "riverside.practitioner"
    assert body["signed_at"] is None


@pytest.mark.parametrize(
    "extra",
    [
        {"clinic_id": 2},
        {"author": "someone"},
        {"signed_at": "2026-01-12T10:00:00Z"},
        {"status": "entered_in_error"},
    ],
)
def test_server_owned_fields_are_refused(practitioner, patient, extra):
    response = post_json(
        f"/api/v1/patients/{patient.id}/assessments", {**NEW, **extra}, practitioner
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == list(extra)
    assert not Assessment.objects.exists()


def test_a_computed_css_total_cannot_be_sent(practitioner, patient):
    area = {"area": "abdomen", "nm_grade": 1, "css_total": 15, "css_band": "severe"}

    response = post_json(
        f"/api/v1/patients/{patient.id}/assessments", {**NEW, "areas": [area]}, practitioner
    )

    assert response.status_code == 422
    assert "areas.0.css_total" in response.json()["errors"]


def test_item_e_unlike_the_grade_is_refused_naming_the_area_and_item(practitioner, patient):
    area = {"area": "abdomen", "nm_grade": 1, "css": {"a": 1, "b": 1, "c": 1, "d": 1, "e": 2}}

    response = post_json(
        f"/api/v1/patients/{patient.id}/assessments", {**NEW, "areas": [area]}, practitioner
    )

    assert response.status_code == 422
    assert "item E is the NM grade" in response.json()["errors"]["areas.0.css.E"]


def test_item_e_left_out_is_taken_from_the_grade(practitioner, patient):
    area = {"area": "abdomen", "nm_grade": 3, "css": {"a": 1, "b": 1, "c": 1, "d": 1}}

    response = post_json(
        f"/api/v1/patients/{patient.id}/assessments", {**NEW, "areas": [area]}, practitioner
    )

    assert response.status_code == 201
    (only,) = response.json()["areas"]
    assert (only["css"]["e"], only["css_total"]) == (3, 7)


def test_gais_on_an_initial_assessment_is_refused(practitioner, patient):
    area = {"area": "abdomen", "nm_grade": 1, "gais": 3}

    response = post_json(
        f"/api/v1/patients/{patient.id}/assessments", {**NEW, "areas": [area]}, practitioner
    )

    assert list(response.json()["errors"]) == ["areas.0.gais"]


def test_list_read_sign_and_amend(practitioner, patient, assessment):
    client, auth = Client(), bearer(practitioner)

    listed = client.get(f"/api/v1/patients/{patient.id}/assessments", headers=auth)
    read = client.get(f"/api/v1/assessments/{assessment.id}", headers=auth)
    signed = client.post(f"/api/v1/assessments/{assessment.id}/sign", headers=auth)
    amended = post_json(
        f"/api/v1/assessments/{assessment.id}/amendments",
        {"reason": "Scale recalibrated", "weight_kg": "67.5"},
        practitioner,
    )

    assert [a["id"] for a in listed.json()] == [assessment.id]
    assert read.json()["areas"][0]["landmark"] == "18 cm above the top of the kneecap"
    assert signed.json()["signed_at"] is not None
    assert amended.status_code == 201
    body = amended.json()
    assert body["weight_kg"] == "67.5"
    assert body["amendments"][0]["changes"] == {"weight_kg": ["68.0", "67.5"]}
    assert body["amendments"][0]["author"] == "riverside.practitioner"


def test_signing_twice_is_refused(practitioner, signed):
    response = Client().post(f"/api/v1/assessments/{signed.id}/sign", headers=bearer(practitioner))

    assert response.status_code == 422
    assert "amendment" in response.json()["errors"]["assessment"]


def test_an_amendment_without_a_reason_is_refused(practitioner, signed):
    response = post_json(
        f"/api/v1/assessments/{signed.id}/amendments", {"notes": "x"}, practitioner
    )

    assert response.status_code == 422
    assert "reason" in response.json()["errors"]


def test_a_photo_is_uploaded_listed_and_read_with_no_store(practitioner, assessment):
    client, auth = Client(), bearer(practitioner)

    uploaded = client.post(
        f"/api/v1/assessments/{assessment.id}/photos",
        {"pose": "back_relaxed", "file": SimpleUploadedFile("../../x.py", jpeg_bytes())},
        headers=auth,
    )
    listed = client.get(f"/api/v1/assessments/{assessment.id}/photos", headers=auth)
    image = client.get(uploaded.json()["url"], headers=auth)

    assert uploaded.status_code == 201
    assert [p["id"] for p in listed.json()] == [uploaded.json()["id"]]
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert "no-store" in image["Cache-Control"]
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Disposition"].startswith('inline; filename="photo-')


def test_an_html_upload_is_refused_in_json(practitioner, assessment):
    response = Client().post(
        f"/api/v1/assessments/{assessment.id}/photos",
        {"pose": "back_relaxed", "file": SimpleUploadedFile("a.jpg", b"<html></html>")},
        headers=bearer(practitioner),
    )

    assert response.status_code == 422
    assert "not a photo" in response.json()["errors"]["file"]
    assert not Photo.objects.exists()


def test_an_upload_naming_its_own_author_is_refused(practitioner, assessment):
    response = Client().post(
        f"/api/v1/assessments/{assessment.id}/photos",
        {
            "pose": "back_relaxed",
            "author": "someone",
            "file": SimpleUploadedFile("a.jpg", jpeg_bytes()),
        },
        headers=bearer(practitioner),
    )

    assert response.status_code == 422
    assert "author" in response.json()["errors"]


@pytest.mark.parametrize("user", ["outsider", "front_desk", "chain_manager"])
def test_staff_without_clinical_access_get_404_on_every_endpoint(
    request, patient, assessment, photo, user
):
    who = request.getfixturevalue(user)
    client, auth = Client(), bearer(who)

    for url in [
        f"/api/v1/patients/{patient.id}/assessments",
        f"/api/v1/assessments/{assessment.id}",
        f"/api/v1/assessments/{assessment.id}/photos",
        f"/api/v1/photos/{photo.id}",
        f"/api/v1/photos/{photo.id}/thumbnail",
    ]:
        assert client.get(url, headers=auth).status_code == 404, url
    assert post_json(f"/api/v1/patients/{patient.id}/assessments", NEW, who).status_code == 404
    assert client.post(f"/api/v1/assessments/{assessment.id}/sign", headers=auth).status_code == 404
    amend = post_json(f"/api/v1/assessments/{assessment.id}/amendments", {"reason": "r"}, who)
    assert amend.status_code == 404
    upload = client.post(
        f"/api/v1/assessments/{assessment.id}/photos",
        {"pose": "back_relaxed", "file": SimpleUploadedFile("a.jpg", jpeg_bytes())},
        headers=auth,
    )
    assert upload.status_code == 404
    assert Photo.objects.count() == 1


def test_a_browser_session_without_the_csrf_token_cannot_write(practitioner, patient, assessment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)

    created = client.post(
        f"/api/v1/patients/{patient.id}/assessments",
        json.dumps(NEW),
        content_type="application/json",
    )
    signed = client.post(f"/api/v1/assessments/{assessment.id}/sign")
    uploaded = client.post(
        f"/api/v1/assessments/{assessment.id}/photos",
        {"pose": "back_relaxed", "file": SimpleUploadedFile("a.jpg", jpeg_bytes())},
    )

    assert {created.status_code, signed.status_code, uploaded.status_code} == {403}
    assert Assessment.objects.count() == 1


def test_api_reads_write_audit_rows(practitioner, patient, assessment, photo):
    client, auth = Client(), bearer(practitioner)
    for url in [
        f"/api/v1/patients/{patient.id}/assessments",
        f"/api/v1/assessments/{assessment.id}",
        f"/api/v1/assessments/{assessment.id}/photos",
        f"/api/v1/photos/{photo.id}",
    ]:
        before = AuditEvent.objects.filter(via="api", action=Action.READ).count()
        client.get(url, headers=auth)
        assert AuditEvent.objects.filter(via="api", action=Action.READ).count() == before + 1, url


def test_hostile_text_comes_back_as_plain_json_text(practitioner, riverside):
    patient = Patient.objects.create(
        clinic=riverside, given_name=XSS, family_name=XSS, date_of_birth="1990-01-01"
    )

    response = post_json(
        f"/api/v1/patients/{patient.id}/assessments", {**NEW, "notes": XSS}, practitioner
    )

    assert response["Content-Type"].startswith("application/json")
    assert response.json()["notes"] == XSS
