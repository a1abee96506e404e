"""Each change she makes online is confirmed by email through the message queue: the dates,
times and clinic only, with a link to her portal; never twice for one change, and never to
a patient who asked not to be contacted."""

import pytest
from django.utils import timezone

from mesoclinic.appointments.services import BookingRefused
from mesoclinic.messaging.models import Message
from mesoclinic.portal.booking.changes import (
    appointment_cancel_by_patient,
    appointment_move_by_patient,
    course_book_by_patient,
)
from mesoclinic.portal.booking.emails import change_email_queue
from mesoclinic.portal.booking.online import online_move_options, online_plans
from mesoclinic.scheduling.model import Preferences
from tests.clinical_words import assert_no_clinical_detail
from tests.conftest import actor
from tests.tasks.queue_helpers import run_queue  # noqa: F401


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://clinic.example"


def test_booking_online_sends_one_email_listing_the_dates_and_times(
    site,
    online,
    next_week_course,
    ada_account,
    patient,
    smtp_server,
    run_queue,  # noqa: F811
):
    plan = online_plans(next_week_course, Preferences(), timezone.now()).plans[0]
    rows = course_book_by_patient(
        actor=actor(ada_account),
        patient=patient,
        course_id=next_week_course.id,
        wishes=Preferences(),
        plan_id=plan.id,
    )
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert email["To"] == "ada@example.org"
    assert email["Subject"] == f"Booked: {len(rows)} appointments at Riverside"
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert f"{plan.appointments[0].start:%A} {plan.appointments[0].start.day}" in text
    assert "https://clinic.example/portal/" in text
    assert "Nora" not in text  # no practitioner in an email
    assert_no_clinical_detail(email)


def test_moving_and_cancelling_each_send_their_own_email(
    site,
    booked,
    ada_account,
    patient,
    smtp_server,
    run_queue,  # noqa: F811
):
    offer = online_move_options(booked[2], timezone.now())[0][0]
    appointment_move_by_patient(
        actor=actor(ada_account), patient=patient, appointment_id=booked[2].id, option_id=offer.id
    )
    appointment_cancel_by_patient(
        actor=actor(ada_account), patient=patient, appointment_id=booked[4].id
    )
    run_queue()
    subjects = sorted(email["Subject"] for email in smtp_server.wait_for(2))
    assert subjects[0].startswith("Cancelled: your appointment at Riverside on ")
    assert subjects[1] == "Moved: your appointment at Riverside"


def test_no_email_goes_to_a_patient_who_asked_not_to_be_contacted(booked, ada_account, patient):
    patient.may_contact = False
    patient.save()
    appointment_cancel_by_patient(
        actor=actor(ada_account), patient=patient, appointment_id=booked[4].id
    )
    assert not Message.objects.filter(patient=patient).exists()


def test_a_refused_change_sends_nothing(booked, ada_account, patient):
    with pytest.raises(BookingRefused):  # no such option
        appointment_move_by_patient(
            actor=actor(ada_account), patient=patient, appointment_id=booked[2].id, option_id="x"
        )
    assert not Message.objects.filter(patient=patient).exists()


def test_the_same_change_confirmed_twice_is_one_email_even_for_a_whole_course(booked, patient):
    first = change_email_queue(patient=patient, change="booked", rows=booked)
    again = change_email_queue(patient=patient, change="booked", rows=booked)
    assert first == again
    assert Message.objects.filter(patient=patient).count() == 1
