"""When the clinic shares a document she is told by email that something is waiting in her
portal, with a link to sign in, and nothing else: not what the document is, nor anything
in it. Only when she has a portal account and agreed to be contacted, and once a day at
most, however many documents the clinic shares that day."""

from mesoclinic.messaging.models import Message
from tests.clinical_words import assert_no_clinical_detail
from tests.portal.conftest import account_for
from tests.portal.documents.conftest import share


def test_she_is_told_a_document_waits_with_a_link_to_sign_in_and_no_detail(
    practitioner, patient, course, smtp_server, run_queue
):
    account_for(patient)
    shared = share(practitioner, "plan", course.id)
    run_queue()

    [email] = smtp_server.wait_for(1)
    assert email["To"] == "ada@example.org"
    assert email["Subject"] == "Riverside has shared a document with you"
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert "https://clinic.example/portal/documents/" in text
    assert shared.title not in text
    assert "plan" not in text.lower()
    assert_no_clinical_detail(email, clinic=patient.clinic)


def test_several_documents_shared_on_one_day_send_one_email(
    practitioner, patient, course, charted, smtp_server, run_queue
):
    account_for(patient)
    share(practitioner, "plan", course.id)
    share(practitioner, "aftercare", charted.id)
    share(practitioner, "plan", course.id)
    run_queue()

    assert len(smtp_server.wait_for(1)) == 1
    assert Message.objects.filter(kind="document_shared").count() == 1


def test_no_email_when_she_did_not_agree_to_be_contacted(practitioner, patient, course):
    account_for(patient)
    patient.may_contact = False
    patient.save()
    share(practitioner, "plan", course.id)
    assert not Message.objects.exists()


def test_no_email_before_she_has_a_portal_account(practitioner, patient, course):
    share(practitioner, "plan", course.id)
    assert not Message.objects.exists()


def test_the_document_is_shared_even_when_emails_cannot_carry_links(
    practitioner, patient, course, settings
):
    settings.SITE_URL = ""
    account_for(patient)
    shared = share(practitioner, "plan", course.id)
    assert shared.is_shared
    assert not Message.objects.exists()


def test_no_email_to_a_patient_record_marked_entered_in_error(practitioner, patient, course):
    account_for(patient)
    patient.status = "entered_in_error"
    patient.save()
    share(practitioner, "plan", course.id)
    assert not Message.objects.exists()
