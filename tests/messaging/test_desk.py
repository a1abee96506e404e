"""The desk's messages page and API: every message of the clinic with its status, the
failed ones first, "Send again"; the failed count on the day list. Another clinic's staff
and chain managers get 404; so does a patient."""

import pytest
from django.urls import reverse

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.messaging.models import Message, MessageStatus
from tests.clinical_words import assert_no_clinical_detail
from tests.conftest import client_for
from tests.messaging.conftest import queue_hello


@pytest.fixture
def failed(patient, smtp_server, run_queue) -> Message:
    """A message the mail server refused for good."""
    smtp_server.refuse(1, code=550)
    queue_hello(patient, key="hello:failed")
    run_queue()
    return Message.objects.get(key="hello:failed")


@pytest.fixture
def sent(patient, smtp_server, run_queue) -> Message:
    queue_hello(patient, key="hello:sent")
    run_queue()
    return Message.objects.get(key="hello:sent")


def list_url(clinic) -> str:
    return reverse("messaging:list", kwargs={"clinic_id": clinic.id})


def test_a_permanent_failure_shows_first_on_the_desks_page_with_send_again(
    failed, sent, front_desk, riverside
):
    page = client_for(front_desk).get(list_url(riverside))
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 message could not be sent" in html
    assert html.index("Failed") < html.index("Sent")
    assert "SMTPDataError 550" in html
    assert html.count("Send again") == 1
    assert AuditEvent.objects.filter(action=Action.READ, target="messages").exists()


def test_the_day_list_counts_the_failed_messages(failed, front_desk, riverside):
    page = client_for(front_desk).get(reverse("today", kwargs={"clinic_id": riverside.id}))
    assert "1 message to patients could not be sent." in page.content.decode()


def test_the_day_list_says_when_nothing_failed(sent, front_desk, riverside):
    page = client_for(front_desk).get(reverse("today", kwargs={"clinic_id": riverside.id}))
    assert "Every message to patients was sent or is on its way." in page.content.decode()


def test_send_again_delivers_the_same_message_and_is_audited(
    failed, front_desk, smtp_server, run_queue
):
    client = client_for(front_desk)
    answer = client.post(reverse("messaging:resend", kwargs={"message_id": failed.id}))
    assert answer.status_code == 302
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert email["Subject"] == failed.subject
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (MessageStatus.SENT, 1)
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, target=f"message {failed.id} sent again", patient_id=failed.patient_id
    ).exists()


def test_a_sent_message_is_not_sent_twice_by_send_again(sent, front_desk, smtp_server, run_queue):
    client = client_for(front_desk)
    answer = client.post(reverse("messaging:resend", kwargs={"message_id": sent.id}), follow=True)
    assert "Only a message that failed can be sent again; this one was sent." in (
        answer.content.decode()
    )
    run_queue()
    assert len(smtp_server.messages) == 1


def test_send_again_needs_a_post(failed, front_desk):
    url = reverse("messaging:resend", kwargs={"message_id": failed.id})
    assert client_for(front_desk).get(url).status_code == 405


@pytest.mark.parametrize("role", ["front_desk", "clinic_admin", "practitioner"])
def test_every_role_of_the_clinic_reads_its_messages(failed, riverside, role, request):
    client = client_for(request.getfixturevalue(role))
    assert client.get(list_url(riverside)).status_code == 200
    answer = client.get(f"/api/v1/clinics/{riverside.id}/messages")
    assert answer.status_code == 200


@pytest.mark.parametrize("who", ["outsider", "chain_manager"])
def test_another_clinics_staff_and_chain_managers_get_404(failed, riverside, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(list_url(riverside)).status_code == 404
    resend = reverse("messaging:resend", kwargs={"message_id": failed.id})
    assert client.post(resend).status_code == 404
    assert client.get(f"/api/v1/clinics/{riverside.id}/messages").status_code == 404
    assert client.post(f"/api/v1/messages/{failed.id}/resend").status_code == 404
    failed.refresh_from_db()
    assert failed.status == MessageStatus.FAILED


def test_the_messages_home_goes_to_the_users_clinic(front_desk, riverside):
    answer = client_for(front_desk).get(reverse("messaging:home"))
    assert answer.status_code == 302
    assert answer["Location"] == list_url(riverside)


def test_the_api_lists_failed_first_page_by_page(patient, failed, sent, front_desk, riverside):
    queue_hello(patient, key="hello:queued")
    client = client_for(front_desk)
    answer = client.get(f"/api/v1/clinics/{riverside.id}/messages?per_page=2")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["count"], body["failed"], body["pages"]) == (3, 1, 2)
    first = body["messages"][0]
    assert (first["id"], first["status"], first["last_error"]) == (
        failed.id,
        "failed",
        "SMTPDataError 550",
    )
    assert first["to"] == "ada@example.org"
    second_page = client.get(f"/api/v1/clinics/{riverside.id}/messages?per_page=2&page=2")
    assert len(second_page.json()["messages"]) == 1


def test_the_api_refuses_a_bad_page_size_beside_its_field(front_desk, riverside):
    answer = client_for(front_desk).get(f"/api/v1/clinics/{riverside.id}/messages?per_page=0")
    assert answer.status_code == 422
    assert "per_page" in answer.json()["errors"]


def test_the_api_sends_a_failed_message_again_and_refuses_a_sent_one(
    failed, sent, front_desk, smtp_server, run_queue
):
    client = client_for(front_desk)
    again = client.post(f"/api/v1/messages/{failed.id}/resend")
    assert again.status_code == 200
    assert again.json()["status"] == "queued"
    refused = client.post(f"/api/v1/messages/{sent.id}/resend")
    assert refused.status_code == 422
    assert refused.json()["errors"]["status"].startswith("Only a message that failed")
    run_queue()
    assert len(smtp_server.wait_for(2)) == 2


def test_the_test_messages_hold_no_clinical_words(failed, sent, smtp_server):
    for message in (failed, sent):
        assert_no_clinical_detail(message)
    assert_no_clinical_detail(smtp_server.messages[0], clinic=sent.clinic)


def test_the_clinical_words_check_finds_an_area_and_a_side_effect(patient):
    message = queue_hello(patient, context={"name": "Ada", "when": "after the thighs bruising"})
    with pytest.raises(AssertionError, match="Bruising, Thighs"):
        assert_no_clinical_detail(message)
