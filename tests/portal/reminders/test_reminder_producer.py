"""Each booked appointment gets one reminder email the clinic's set hours before it, to a
patient who allows contact: the date, the time, the clinic and two links, nothing else."""

from datetime import timedelta

import pytest

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.appointments.models import AppointmentStatus
from mesoclinic.messaging.models import Message
from tests.conftest import actor
from tests.portal.booking.conftest import CLINIC_PHONE
from tests.portal.reminders.conftest import links_in, remind, reminders_for

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def test_a_reminder_is_queued_48_hours_before_and_not_an_hour_earlier(booked, addressed):
    first = booked[0]
    assert remind(first.starts_at - timedelta(hours=49)) == 0
    assert remind(first.starts_at - timedelta(hours=48)) == 1
    [message] = reminders_for(first)
    assert message.to == "ada@example.org"
    assert message.patient_id == first.patient_id


def test_running_the_producer_twice_queues_nothing_twice(booked, addressed):
    moment = booked[0].starts_at - timedelta(hours=47)
    assert remind(moment) == 1
    assert remind(moment) == 0
    assert remind(moment + HOUR) == 0
    assert Message.objects.filter(kind="reminder").count() == 1


def test_the_reminder_says_the_date_time_and_clinic_and_nothing_clinical(booked, addressed):
    first = booked[0]
    remind(first.starts_at - timedelta(hours=48))
    [message] = reminders_for(first)
    wall = to_wall(first.starts_at, first.clinic)
    day = f"{wall:%A} {wall.day} {wall:%B %Y}"
    assert message.subject == f"Reminder: your appointment at Riverside on {day} at 10:00"
    for part in (message.text, message.html):
        for said in (day, "10:00", "Riverside", CLINIC_PHONE, "River Walk"):
            assert said in part
        for clinical in ("session", "course", "mesotherapy", "cellulite", "Lovelace", "Ada"):
            assert clinical.lower() not in part.lower()
    assert set(links_in(message)) == {"confirm", "cancel"}
    assert 'href="https://clinic.example/portal/l/confirm/' in message.html


def test_a_clinic_that_sets_zero_hours_sends_no_reminders(booked, online):
    online.reminder_hours_before = 0
    online.save()
    assert remind(booked[0].starts_at - timedelta(hours=1)) == 0


def test_a_clinic_sets_how_many_hours_before(booked, online):
    online.reminder_hours_before = 24
    online.save()
    first = booked[0]
    assert remind(first.starts_at - timedelta(hours=25)) == 0
    assert remind(first.starts_at - timedelta(hours=24)) == 1


def test_a_clinic_may_remind_up_to_two_weeks_before(booked, online):
    online.reminder_hours_before = 336
    online.save()
    last = booked[-1]
    remind(last.starts_at - timedelta(hours=337))  # the earlier sessions' reminders go
    assert reminders_for(last) == []
    remind(last.starts_at - timedelta(hours=336))
    assert len(reminders_for(last)) == 1


def test_no_reminder_to_a_patient_who_does_not_allow_contact(booked, patient):
    patient.may_contact = False
    patient.save()
    assert remind(booked[0].starts_at - timedelta(hours=2)) == 0


def test_no_reminder_to_a_patient_without_an_email_address(booked, patient):
    patient.email = ""
    patient.save()
    assert remind(booked[0].starts_at - timedelta(hours=2)) == 0


def test_no_reminder_for_a_cancelled_appointment_or_one_that_has_begun(booked, front_desk):
    first, second = booked[0], booked[1]
    appointment_cancel(
        actor=actor(front_desk),
        appointment_id=first.id,
        status=AppointmentStatus.CANCELLED_BY_PATIENT,
    )
    assert remind(first.starts_at - timedelta(hours=2)) == 0
    assert remind(second.starts_at) == 0  # a run at the start is too late


def test_a_late_run_still_reminds_and_offers_no_cancel_link_once_the_window_closed(
    booked, addressed
):
    first = booked[0]
    assert remind(first.starts_at - timedelta(hours=3)) == 1
    [message] = reminders_for(first)
    assert set(links_in(message)) == {"confirm"}
    assert "please call the clinic" in message.text


def test_a_moved_appointment_is_reminded_again_for_its_new_time(booked, addressed):
    first = booked[0]
    remind(first.starts_at - timedelta(hours=40))
    first.starts_at += timedelta(days=1)
    first.ends_at += timedelta(days=1)
    first.held_until += timedelta(days=1)
    first.save()
    assert remind(first.starts_at - timedelta(hours=40)) == 1
    assert len(reminders_for(first)) == 2
