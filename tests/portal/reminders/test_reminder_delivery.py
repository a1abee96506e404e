"""The reminder reaches a real SMTP server once, through the task queue; its Confirm link,
read from the email as she would click it, works; a mail server that keeps refusing leaves
the reminder failed on the desk's messages page for "Send again"."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mesoclinic.messaging.due import due_run
from mesoclinic.messaging.models import Message, MessageStatus
from mesoclinic.messaging.services import MAX_ATTEMPTS
from tests.clinical_words import assert_no_clinical_detail
from tests.conftest import client_for
from tests.portal.reminders.conftest import remind

pytestmark = pytest.mark.django_db

PRODUCER = "mesoclinic.portal.reminders.due.appointment_reminders_due"


def time_passes() -> None:
    """The jobs waiting for a later try become due now."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_the_reminder_arrives_once_and_its_confirm_link_works(
    booked, addressed, smtp_server, run_queue
):
    row = booked[1]
    moment = row.starts_at - timedelta(hours=47)
    assert due_run(now=moment)[PRODUCER] == 1
    run_queue()
    assert due_run(now=moment + timedelta(minutes=5))[PRODUCER] == 0
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert len(smtp_server.messages) == 1
    assert email["To"] == "ada@example.org"
    assert email["Subject"].startswith("Reminder: your appointment at Riverside on ")
    text = email.get_body(preferencelist=("plain",)).get_content()
    html = email.get_body(preferencelist=("html",)).get_content()
    assert "Confirm your appointment:" in text
    assert ">Confirm</a>" in html
    assert_no_clinical_detail(email)
    [confirm] = re.findall(r"https://clinic\.example(/portal/l/confirm/\S+/)", text)
    assert Client().post(confirm).status_code == 200
    row.refresh_from_db()
    assert row.confirmed_at is not None


def test_a_reminder_the_mail_server_keeps_refusing_is_tried_again_then_shown_failed_to_the_desk(
    booked, addressed, smtp_server, run_queue, front_desk
):
    smtp_server.refuse(MAX_ATTEMPTS + 1, code=451)
    remind(booked[1].starts_at - timedelta(hours=47))
    run_queue()
    message = Message.objects.get(kind="reminder")
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    for _ in range(MAX_ATTEMPTS):
        time_passes()
        run_queue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, MAX_ATTEMPTS)
    page = client_for(front_desk).get(
        reverse("messaging:list", kwargs={"clinic_id": message.clinic_id})
    )
    html = page.content.decode()
    assert "1 message could not be sent." in html
    assert "ada@example.org" in html
    assert "Send again" in html
