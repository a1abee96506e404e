"""A queued message reaches a real SMTP server once, with a text and an HTML part; a
temporary refusal is tried again later, a permanent one ends "failed"."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.models import Message, MessageStatus
from mesoclinic.messaging.services import MAX_ATTEMPTS
from mesoclinic.messaging.tasks import message_send
from mesoclinic.portal.links import link_issue
from mesoclinic.portal.models import LinkPurpose
from tests.mail_server import free_port
from tests.messaging.conftest import queue_hello


def time_passes() -> None:
    """The jobs waiting for a later try become due now."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_a_queued_message_arrives_with_a_text_and_an_html_part(patient, smtp_server, run_queue):
    queue_hello(patient)
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert email["To"] == "ada@example.org"
    assert email["Subject"] == "Your appointment at Riverside on Tuesday 3 March at 10:00"
    text = email.get_body(preferencelist=("plain",)).get_content()
    html = email.get_body(preferencelist=("html",)).get_content()
    assert "Dear Ada O'Brien," in text  # plain text is not HTML-escaped
    assert "https://clinic.example/portal/" in text
    assert "Ada O&#x27;Brien" in html
    assert '<a href="https://clinic.example/portal/">' in html
    message = Message.objects.get()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_the_sender_comes_from_the_default_from_address(patient, smtp_server, run_queue, settings):
    settings.DEFAULT_FROM_EMAIL = "Riverside clinic <desk@riverside.example>"
    queue_hello(patient)
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert email["From"] == "Riverside clinic <desk@riverside.example>"


def test_the_same_key_twice_sends_one_email(patient, smtp_server, run_queue):
    first = queue_hello(patient, key="reminder:7:2026-03-03T10:00")
    second = queue_hello(patient, key="reminder:7:2026-03-03T10:00", context={"name": "changed"})
    assert second.pk == first.pk
    run_queue()
    assert len(smtp_server.wait_for(1)) == 1
    assert Message.objects.count() == 1


def test_running_the_send_job_twice_sends_one_email(patient, smtp_server, run_queue):
    message = queue_hello(patient)
    job = DBTaskResult.objects.get()
    # The same job queued a second time, as a duplicate delivery or a second worker would.
    message_send.enqueue(message_id=message.id)
    assert run_queue() == 2
    smtp_server.wait_for(1)
    assert len(smtp_server.messages) == 1
    assert DBTaskResult.objects.get(pk=job.pk).status == TaskResultStatus.SUCCESSFUL


def test_a_message_rolled_back_with_its_sender_is_never_sent(patient, smtp_server, run_queue):
    def book_and_fail() -> None:
        with transaction.atomic():
            queue_hello(patient)
            raise RuntimeError("the booking that queued it failed")

    with pytest.raises(RuntimeError):
        book_and_fail()
    assert run_queue() == 0
    assert Message.objects.count() == 0
    assert smtp_server.messages == []


def test_a_temporary_refusal_is_tried_again_later_and_then_delivered(
    patient, smtp_server, run_queue
):
    smtp_server.refuse(2, code=451)
    queue_hello(patient)
    run_queue()
    message = Message.objects.get()
    assert message.status == MessageStatus.QUEUED
    assert message.attempts == 1
    assert message.last_error == "SMTPDataError 451"
    assert message.next_try_at > timezone.now()
    assert run_queue() == 0  # the next try waits for its time
    time_passes()
    run_queue()
    time_passes()
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert email["To"] == "ada@example.org"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
    assert smtp_server.refused == 2


def test_a_server_that_keeps_refusing_ends_failed_after_the_last_try(
    patient, smtp_server, run_queue
):
    smtp_server.refuse(MAX_ATTEMPTS + 1, code=451)
    queue_hello(patient)
    for _ in range(MAX_ATTEMPTS + 1):
        run_queue()
        time_passes()
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert smtp_server.refused == MAX_ATTEMPTS
    assert smtp_server.messages == []


def test_a_permanent_refusal_fails_at_once_and_the_error_names_no_address(
    patient, smtp_server, run_queue
):
    smtp_server.refuse(1, code=550)
    queue_hello(patient)
    run_queue()
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error == "SMTPDataError 550"
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0


def test_an_unreachable_mail_server_is_tried_again(patient, settings, run_queue):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    queue_hello(patient)
    run_queue()
    message = Message.objects.get()
    assert message.status == MessageStatus.QUEUED
    assert message.last_error == "ConnectionRefusedError"


def test_a_sent_message_keeps_no_working_link_only_the_email_had_it(
    patient, smtp_server, run_queue
):
    secret = link_issue(
        patient=patient,
        purpose=LinkPurpose.SIGN_IN,
        expires_at=timezone.now() + timedelta(minutes=15),
    )
    link = absolute_url(f"/portal/sign-in/link/{secret}/")
    queue_hello(
        patient, context={"name": "Ada", "clinic_name": "Riverside", "when": "", "link": link}
    )
    assert secret in Message.objects.get().text  # waiting to go, or to be sent again
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert link in email.get_body(preferencelist=("plain",)).get_content()
    stored = Message.objects.get()
    assert stored.status == MessageStatus.SENT
    assert secret not in stored.text
    assert secret not in stored.html
    assert "/portal/sign-in/link/[link-removed-after-sending]/" in stored.text
