"""Her health questions and consent through the portal API: the same services and rules
as the pages. Only her session reaches them; staff get 404; what the server knows (clinic,
dates, the age question, sessions and cost) cannot be sent."""

import json

import pytest

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.consent.models import SignedConsent, SignedVia
from mesoclinic.screening.models import PatientIntake
from tests.conftest import client_for
from tests.portal.intake.conftest import CAUTION, STOP, answers

QUESTIONS = "/api/v1/portal/health-questions"
CONSENT = "/api/v1/portal/consent"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_she_reads_her_questions_before_answering(ada_client):
    body = ada_client.get(QUESTIONS).json()
    assert body["status"] == "to_do"
    assert body["submitted_at"] is None
    assert len(body["questions"]) == 12
    assert body["questions"][0] == {
        "key": "pregnancy",
        "question": "Are you pregnant, or could you be?",
        "answer": None,
        "note": "",
    }


def test_she_sends_her_answers_and_they_wait_for_review(ada_client, patient, riverside):
    response = _post(
        ada_client, QUESTIONS, {"answers": answers(riverside, CAUTION), "notes": {CAUTION: "x"}}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "sent"
    assert body["clinic_will_call"] is False
    caution = next(q for q in body["questions"] if q["key"] == CAUTION)
    assert (caution["answer"], caution["note"]) == (True, "x")
    assert PatientIntake.objects.get(patient=patient).reviewed_at is None


def test_a_stop_says_the_clinic_will_call(ada_client, riverside):
    body = _post(ada_client, QUESTIONS, {"answers": answers(riverside, STOP)}).json()
    assert body["clinic_will_call"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda a: a.pop("diabetes"), "diabetes"),
        (lambda a: a.update(under_18=False), "under_18"),
        (lambda a: a.update(made_up=True), "made_up"),
    ],
)
def test_missing_unknown_or_system_answered_questions_are_refused(
    ada_client, patient, riverside, change, field
):
    sent = answers(riverside)
    change(sent)
    response = _post(ada_client, QUESTIONS, {"answers": sent})
    assert response.status_code == 422
    assert field in json.dumps(response.json())
    assert not PatientIntake.objects.filter(patient=patient).exists()


@pytest.mark.parametrize(
    "extra", [{"clinic_id": 2}, {"submitted_at": "2020-01-01T00:00:00Z"}, {"has_stop": False}]
)
def test_what_the_server_knows_cannot_be_sent(ada_client, riverside, extra):
    response = _post(ada_client, QUESTIONS, {"answers": answers(riverside), **extra})
    assert response.status_code == 422


def test_a_note_that_is_not_a_question_or_too_long_is_refused(ada_client, patient, riverside):
    for notes in ({"made_up": "x"}, {CAUTION: "x" * 281}):
        response = _post(ada_client, QUESTIONS, {"answers": answers(riverside), "notes": notes})
        assert response.status_code == 422
    assert not PatientIntake.objects.filter(patient=patient).exists()


def test_she_reads_and_signs_the_consent_form(ada_client, patient):
    form = ada_client.get(CONSENT).json()
    assert form["version"] is None  # the clinic's default form
    assert form["signed"] is False
    assert "{{" not in form["text"]
    response = _post(
        ada_client,
        CONSENT,
        {"template_version": None, "typed_name": "ADA lovelace", "signature_kind": "typed"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["signed"], body["signed_version"]) == (True, 1)
    assert SignedConsent.objects.get(patient=patient).signed_via == SignedVia.PORTAL


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"typed_name": "Bea Other"}, "Type your full name as the clinic has it"),
        ({"template_version": 7}, "The clinic has updated its consent form"),
        ({"signature_kind": "drawn"}, "No drawn signature came through"),
        ({"signature_kind": "scribbled"}, ""),
        ({"cost": "free"}, ""),
        ({"expected_sessions": "1"}, ""),
        ({"representative_name": "Her mother"}, ""),
    ],
)
def test_bad_signatures_are_refused_and_nothing_is_signed(ada_client, patient, body, message):
    sent = {"template_version": None, "typed_name": "Ada Lovelace", "signature_kind": "typed"}
    response = _post(ada_client, CONSENT, {**sent, **body})
    assert response.status_code == 422
    assert message in json.dumps(response.json(), ensure_ascii=False)
    assert not SignedConsent.objects.filter(patient=patient).exists()


def test_her_endpoint_reads_are_audited(ada_client, patient):
    ada_client.get(QUESTIONS)
    ada_client.get(CONSENT)
    reads = AuditEvent.objects.filter(patient_id=patient.id, action=Action.READ, via="portal")
    assert set(reads.values_list("target", flat=True)) == {"health questions", "consent form"}


def test_each_patient_gets_only_her_own(ada_client, bea_client, grace_client, riverside):
    _post(ada_client, QUESTIONS, {"answers": answers(riverside, CAUTION)})
    _post(
        ada_client,
        CONSENT,
        {"template_version": None, "typed_name": "Ada Lovelace", "signature_kind": "typed"},
    )
    for other in (bea_client, grace_client):
        assert other.get(QUESTIONS).json()["status"] == "to_do"
        assert other.get(CONSENT).json()["signed"] is False


def test_staff_get_404_from_her_endpoints(practitioner, front_desk, outsider, riverside):
    valid = {
        QUESTIONS: {"answers": answers(riverside)},
        CONSENT: {"template_version": None, "typed_name": "Nora", "signature_kind": "typed"},
    }
    for user in (practitioner, front_desk, outsider):
        client = client_for(user)
        for url, body in valid.items():
            assert client.get(url).status_code == 404
            assert _post(client, url, body).status_code == 404
    assert not PatientIntake.objects.exists()
    assert not SignedConsent.objects.exists()
