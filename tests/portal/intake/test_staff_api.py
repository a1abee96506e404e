"""Through the staff API the practitioner reads her portal answers awaiting review and
names them when she saves the screening, which marks them reviewed. Only clinical staff
of her clinic reach them."""

import json

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.portal.intake.questions import intake_submit
from mesoclinic.screening.models import PatientIntake
from tests.conftest import actor, client_for
from tests.portal.intake.conftest import CAUTION, answers


def _url(patient) -> str:
    return f"/api/v1/patients/{patient.id}/portal-answers"


def _screening(patient, reviews):
    body = {
        "taken_on": clinic_today(patient.clinic).isoformat(),
        "answers": [
            {"item": key, "answer": value} for key, value in answers(patient.clinic).items()
        ],
        "reviews_portal_answers": reviews,
    }
    return json.dumps(body)


def test_the_practitioner_reads_her_answers_awaiting_review(patient, ada_account, practitioner):
    client = client_for(practitioner)
    assert client.get(_url(patient)).json() == {"pending": None}
    intake = intake_submit(
        actor=actor(ada_account),
        patient=patient,
        answers=answers(patient.clinic, CAUTION),
        notes={CAUTION: "Apixaban"},
    )
    pending = client.get(_url(patient)).json()["pending"]
    assert pending["id"] == intake.id
    assert pending["has_stop"] is False
    caution = next(row for row in pending["answers"] if row["item"] == CAUTION)
    assert (caution["answer"], caution["level"], caution["note"]) == (True, "caution", "Apixaban")


def test_a_screening_naming_them_marks_them_reviewed(patient, ada_account, practitioner):
    intake = intake_submit(
        actor=actor(ada_account), patient=patient, answers=answers(patient.clinic)
    )
    response = client_for(practitioner).post(
        f"/api/v1/patients/{patient.id}/screenings",
        _screening(patient, intake.id),
        content_type="application/json",
    )
    assert response.status_code == 201
    intake.refresh_from_db()
    assert intake.reviewed_in_id == response.json()["id"]


def test_answers_that_are_not_her_latest_awaiting_review_are_refused(
    patient, ada_account, practitioner
):
    older = intake_submit(
        actor=actor(ada_account), patient=patient, answers=answers(patient.clinic)
    )
    intake_submit(actor=actor(ada_account), patient=patient, answers=answers(patient.clinic))
    response = client_for(practitioner).post(
        f"/api/v1/patients/{patient.id}/screenings",
        _screening(patient, older.id),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "read them again" in json.dumps(response.json())
    assert not PatientIntake.objects.filter(reviewed_at__isnull=False).exists()


def test_another_clinics_staff_and_the_front_desk_get_404(
    patient, ada_account, outsider, front_desk
):
    intake_submit(actor=actor(ada_account), patient=patient, answers=answers(patient.clinic))
    for user in (outsider, front_desk):
        assert client_for(user).get(_url(patient)).status_code == 404


def test_a_patient_gets_404(ada_client, patient):
    assert ada_client.get(_url(patient)).status_code == 404
