"""Consent of use per assessment photo: the clinical record always, a progress report or
marketing only when the patient agreed; every change kept with who, when, before, after."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from mesoclinic.assessments.models import Photo, PhotoConsentChange
from mesoclinic.assessments.photo_consent import photo_consent_update
from mesoclinic.assessments.services import photo_add
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.domain.errors import DomainError
from tests.assessments.conftest import jpeg_bytes, upload
from tests.conftest import actor, client_for


def test_a_photo_is_for_the_clinical_record_only_unless_the_patient_agrees_to_more(photo):
    assert photo.uses == ["record"]


def test_the_uses_agreed_at_upload_are_kept(practitioner, assessment):
    photo = photo_add(
        actor=actor(practitioner),
        assessment=assessment,
        pose="back_relaxed",
        upload=upload(jpeg_bytes()),
        uses=["report"],
    )

    assert Photo.objects.get(pk=photo.pk).uses == ["record", "report"]


def test_a_consent_change_keeps_who_when_and_the_uses_before_and_after(practitioner, photo):
    photo_consent_update(actor=actor(practitioner), photo=photo, uses=["report", "marketing"])

    change = PhotoConsentChange.objects.get()
    assert (change.author, change.before, change.after) == (
        practitioner,
        ["record"],
        ["record", "report", "marketing"],
    )
    assert change.at is not None
    assert Photo.objects.get(pk=photo.pk).uses == ["record", "report", "marketing"]
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, target=f"photo {photo.id} consent of use", patient_id=photo.patient_id
    ).exists()


def test_withdrawing_a_use_is_recorded_the_same_way(practitioner, photo):
    photo_consent_update(actor=actor(practitioner), photo=photo, uses=["report"])
    photo_consent_update(actor=actor(practitioner), photo=photo, uses=["record"])

    assert [(c.before, c.after) for c in PhotoConsentChange.objects.all()] == [
        (["record"], ["record", "report"]),
        (["record", "report"], ["record"]),
    ]


def test_an_unknown_use_is_refused_and_nothing_changes(practitioner, photo):
    with pytest.raises(DomainError) as refused:
        photo_consent_update(actor=actor(practitioner), photo=photo, uses=["report", "billboard"])

    assert refused.value.field == "uses"
    assert "billboard" in refused.value.message
    assert Photo.objects.get(pk=photo.pk).uses == ["record"]
    assert not PhotoConsentChange.objects.exists()


def test_an_unknown_use_is_refused_at_upload_too(practitioner, assessment):
    with pytest.raises(DomainError):
        photo_add(
            actor=actor(practitioner),
            assessment=assessment,
            pose="back_relaxed",
            upload=upload(jpeg_bytes()),
            uses=["everywhere"],
        )
    assert not Photo.objects.exists()


def test_saving_the_same_uses_again_writes_no_change(practitioner, photo):
    photo_consent_update(actor=actor(practitioner), photo=photo, uses=["record"])

    assert not PhotoConsentChange.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "front_desk"])
def test_only_clinical_staff_of_the_clinic_change_consent(request, role, photo):
    with pytest.raises(Http404):
        photo_consent_update(
            actor=actor(request.getfixturevalue(role)), photo=photo, uses=["marketing"]
        )
    assert Photo.objects.get(pk=photo.pk).uses == ["record"]


# -- pages ---------------------------------------------------------------------------


def test_consent_given_on_the_upload_form_is_kept(practitioner, assessment):
    client_for(practitioner).post(
        f"/assessments/{assessment.id}/photos/",
        {
            "pose": "back_relaxed",
            "file": SimpleUploadedFile("p.jpg", jpeg_bytes()),
            "uses": ["report"],
        },
    )

    assert Photo.objects.get().uses == ["record", "report"]


def test_consent_is_shown_and_changed_on_the_assessment_page(practitioner, photo):
    client = client_for(practitioner)
    page = client.get(f"/assessments/{photo.assessment_id}/").content.decode()
    assert "May be used in: the clinical record." in page

    response = client.post(f"/photos/{photo.id}/consent/", {f"consent{photo.id}-uses": ["report"]})

    assert response.status_code == 302
    assert Photo.objects.get(pk=photo.pk).uses == ["record", "report"]
    page = client.get(f"/assessments/{photo.assessment_id}/").content.decode()
    assert "May be used in: the clinical record, progress reports." in page
    assert f"{practitioner.username}: record → record, report" in page


def test_an_unknown_use_sent_to_the_page_is_refused_with_a_message(practitioner, photo):
    client = client_for(practitioner)
    response = client.post(
        f"/photos/{photo.id}/consent/", {f"consent{photo.id}-uses": ["billboard"]}, follow=True
    )

    assert "Choose only among the uses listed." in response.content.decode()
    assert Photo.objects.get(pk=photo.pk).uses == ["record"]


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_no_one_else_changes_consent_on_the_page(request, role, photo):
    response = client_for(request.getfixturevalue(role)).post(
        f"/photos/{photo.id}/consent/", {f"consent{photo.id}-uses": ["marketing"]}
    )

    assert response.status_code == 404
    assert Photo.objects.get(pk=photo.pk).uses == ["record"]


# -- API -----------------------------------------------------------------------------


def put_json(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_the_api_shows_and_changes_the_consent_of_use(practitioner, photo):
    client = client_for(practitioner)
    listed = client.get(f"/api/v1/assessments/{photo.assessment_id}/photos").json()
    assert listed[0]["uses"] == ["record"]

    changed = put_json(client, f"/api/v1/photos/{photo.id}/consent", {"uses": ["marketing"]})

    assert changed.status_code == 200
    body = client.get(f"/api/v1/photos/{photo.id}/consent").json()
    assert body["uses"] == ["record", "marketing"]
    assert body["kind"] == "assessment"
    assert [(c["author"], c["before"], c["after"]) for c in body["changes"]] == [
        (practitioner.username, ["record"], ["record", "marketing"])
    ]


def test_the_api_refuses_an_unknown_use_naming_the_field(practitioner, photo):
    response = put_json(
        client_for(practitioner), f"/api/v1/photos/{photo.id}/consent", {"uses": ["posters"]}
    )

    assert response.status_code == 422
    assert "uses" in response.content.decode()
    assert "posters" in response.content.decode()


def test_the_api_refuses_fields_the_server_keeps(practitioner, photo):
    response = put_json(
        client_for(practitioner),
        f"/api/v1/photos/{photo.id}/consent",
        {"uses": ["report"], "author": "someone"},
    )

    assert response.status_code == 422
    assert Photo.objects.get(pk=photo.pk).uses == ["record"]


def test_consent_sent_with_an_api_upload_is_kept(practitioner, assessment):
    response = client_for(practitioner).post(
        f"/api/v1/assessments/{assessment.id}/photos",
        {
            "pose": "back_relaxed",
            "file": SimpleUploadedFile("p.jpg", jpeg_bytes()),
            "uses": ["report", "marketing"],
        },
    )

    assert response.status_code == 201
    assert response.json()["uses"] == ["record", "report", "marketing"]


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_no_one_else_reads_or_changes_consent_through_the_api(request, role, photo):
    client = client_for(request.getfixturevalue(role))

    assert client.get(f"/api/v1/photos/{photo.id}/consent").status_code == 404
    response = put_json(client, f"/api/v1/photos/{photo.id}/consent", {"uses": ["report"]})
    assert response.status_code == 404
    assert Photo.objects.get(pk=photo.pk).uses == ["record"]


@pytest.mark.parametrize(("sent", "kept"), [([], ["record"]), (["report"], ["record", "report"])])
def test_an_api_upload_without_uses_is_for_the_record_only(practitioner, assessment, sent, kept):
    response = client_for(practitioner).post(
        f"/api/v1/assessments/{assessment.id}/photos",
        {"pose": "back_relaxed", "file": SimpleUploadedFile("p.jpg", jpeg_bytes()), "uses": sent},
    )

    assert response.status_code == 201
    assert Photo.objects.get().uses == kept


def test_the_api_document_names_the_uses_of_an_upload(practitioner):
    document = client_for(practitioner).get("/api/v1/openapi.json").content.decode()

    assert '"uses"' in document
    assert "/api/v1/photos/{photo_id}/consent" in document
