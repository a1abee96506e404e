"""Clinical records of a Riverside patient name only Riverside rows: a course plans only
from the patient's own assessment, a photo is filed only under an area of the assessment
it belongs to, and a consent is signed on the patient's clinic's form, whatever a user of
both clinics sends."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mesoclinic.assessments.models import Photo
from mesoclinic.consent.models import COST_SLOT, EXPECTED_SESSIONS_SLOT, SignedConsent
from mesoclinic.consent.services import consent_template_create
from mesoclinic.courses.models import Course
from tests.assessments.conftest import jpeg_bytes
from tests.charting.test_api import bearer
from tests.conftest import actor
from tests.courses.conftest import assess


def test_a_course_is_not_planned_from_another_clinics_assessment_on_the_api(
    both_clinics, grade_two, patient, hillcrest_patient, today
):
    theirs = assess(hillcrest_patient, both_clinics, 3, (2, 2, 2, 2))

    response = Client().post(
        f"/api/v1/patients/{patient.id}/courses",
        json.dumps(
            {"cadence": "weekly", "starts_on": today.isoformat(), "assessment_id": theirs.id}
        ),
        content_type="application/json",
        headers=bearer(both_clinics),
    )

    assert response.status_code == 422
    assert "assessment" in response.json()["errors"]
    assert not Course.objects.exists()


def test_a_photo_is_not_filed_under_an_area_of_another_clinics_assessment_on_the_api(
    both_clinics, grade_two, hillcrest_patient
):
    theirs = assess(hillcrest_patient, both_clinics, 3, (2, 2, 2, 2))

    response = Client().post(
        f"/api/v1/assessments/{grade_two.id}/photos",
        {
            "pose": "back_relaxed",
            "area_id": theirs.areas.first().id,
            "file": SimpleUploadedFile("photo.jpg", jpeg_bytes()),
        },
        headers=bearer(both_clinics),
    )

    assert response.status_code == 422
    assert "area" in response.json()["errors"]
    assert not Photo.objects.exists()


def test_a_consent_is_signed_on_the_patients_clinics_form_never_another_clinics(
    both_clinics, patient, hillcrest, hillcrest_admin
):
    for version in (1, 2):
        consent_template_create(
            actor=actor(hillcrest_admin),
            clinic=hillcrest,
            title=f"Hillcrest form {version}",
            body=f"Hillcrest text {version}: {EXPECTED_SESSIONS_SLOT} sessions, {COST_SLOT}.",
        )
    client, auth = Client(), bearer(both_clinics)

    def sign(version):
        return client.post(
            f"/api/v1/patients/{patient.id}/consents",
            json.dumps(
                {
                    "template_version": version,
                    "patient_typed_name": "Ada Lovelace",
                    "expected_sessions": "10-15",
                    "cost": "900",
                    "signature_kind": "typed",
                }
            ),
            content_type="application/json",
            headers=auth,
        )

    refused = sign(2)
    signed = sign(None)

    assert refused.status_code == 422
    assert "template_version" in refused.json()["errors"]
    assert signed.status_code == 201
    consent = SignedConsent.objects.get()
    assert consent.template.clinic_id == patient.clinic_id
    assert "Hillcrest" not in consent.text
