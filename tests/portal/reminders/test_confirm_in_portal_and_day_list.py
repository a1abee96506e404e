"""A confirmation shows on the desk's day list; in the portal she confirms a booked
appointment with a button; moving an appointment to another time clears its confirmation
(she confirmed the time she was told), moving it to another room does not."""

from datetime import timedelta

import pytest

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import appointment_move
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import Slot
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Room
from mesoclinic.portal.reminders.confirm import appointment_confirm
from tests.appointments.booking_helpers import book_today
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db


def confirm_url(row: Appointment) -> str:
    return f"/portal/appointments/{row.id}/confirm/"


def confirmed(row: Appointment, by) -> Appointment:
    return appointment_confirm(actor=actor(by), row=row, now=row.starts_at - timedelta(days=1))


def test_she_confirms_a_booked_appointment_with_the_portals_button(booked, ada_client):
    row = booked[1]
    answer = ada_client.post(confirm_url(row), {"next": "/portal/"})
    assert answer.status_code == 302
    assert answer["Location"] == "/portal/"
    row.refresh_from_db()
    assert row.confirmed_at is not None
    entry = AuditEvent.objects.get(target=f"appointment {row.id} confirmed")
    assert entry.via == "portal"


def test_the_button_sends_her_back_only_to_a_portal_page(booked, ada_client):
    answer = ada_client.post(confirm_url(booked[1]), {"next": "https://evil.example/"})
    assert answer["Location"] == "/portal/"


def test_another_patient_another_clinics_patient_and_staff_cannot_confirm_hers(
    booked, bea_client, grace_client, front_desk
):
    row = booked[1]
    for other in (bea_client, grace_client, client_for(front_desk)):
        assert other.post(confirm_url(row)).status_code == 404
    row.refresh_from_db()
    assert row.confirmed_at is None


def test_confirming_is_a_post(booked, ada_client):
    assert ada_client.get(confirm_url(booked[1])).status_code == 405


def test_the_day_list_marks_the_confirmed_appointments(next_week_course, practitioner, front_desk):
    row = book_today(next_week_course, practitioner)
    desk = client_for(front_desk)
    assert "confirmed-mark" not in desk.get("/").content.decode()
    row.confirmed_at = row.starts_at - timedelta(days=1)
    row.save(update_fields=["confirmed_at"])
    page = desk.get("/").content.decode()
    assert page.count("confirmed-mark") == 1
    assert "✓</span> Confirmed" in page


def test_moving_an_appointment_to_another_time_clears_its_confirmation(booked, front_desk):
    row = confirmed(booked[-1], front_desk)
    start = to_wall(row.starts_at, row.clinic) + timedelta(hours=1)
    appointment_move(
        actor=actor(front_desk),
        appointment_id=row.id,
        slots=[Slot(row.number, row.practitioner_id, row.room_id, start)],
    )
    row.refresh_from_db()
    assert row.confirmed_at is None


def test_moving_an_appointment_to_another_room_at_the_same_time_keeps_it(booked, front_desk):
    row = confirmed(booked[-1], front_desk)
    room = Room.objects.get(clinic=row.clinic, name="Room 2")
    start = to_wall(row.starts_at, row.clinic)
    appointment_move(
        actor=actor(front_desk),
        appointment_id=row.id,
        slots=[Slot(row.number, row.practitioner_id, room.id, start)],
    )
    row.refresh_from_db()
    assert row.confirmed_at is not None


def test_her_course_page_offers_confirm_on_each_booked_session_until_she_confirms(
    booked, ada_client
):
    page_url = f"/portal/courses/{booked[0].course_id}/"
    page = ada_client.get(page_url).content.decode()
    assert page.count('action="/portal/appointments/') >= len(booked)
    assert f'action="{confirm_url(booked[1])}"' in page
    ada_client.post(confirm_url(booked[1]), {"next": page_url})
    page = ada_client.get(page_url).content.decode()
    assert f'action="{confirm_url(booked[1])}"' not in page
    assert f'action="{confirm_url(booked[2])}"' in page
    assert "You confirmed you are coming" in page


def api_url(row: Appointment) -> str:
    return f"/api/v1/portal/appointments/{row.id}/confirm"


def test_she_confirms_through_the_api_and_her_course_shows_it(booked, ada_client):
    row = booked[1]
    answer = ada_client.post(api_url(row))
    assert answer.status_code == 200
    assert answer.json()["appointment_id"] == row.id
    course = ada_client.get(f"/api/v1/portal/courses/{row.course_id}").json()
    confirmed = {s["appointment_id"]: s["confirmed_at"] for s in course["booked"]}
    assert confirmed[row.id] is not None
    assert confirmed[booked[2].id] is None


def test_the_confirm_endpoint_is_hers_alone(booked, bea_client, grace_client, front_desk):
    row = booked[1]
    for other in (bea_client, grace_client, client_for(front_desk)):
        assert other.post(api_url(row)).status_code == 404
    row.refresh_from_db()
    assert row.confirmed_at is None


def test_the_appointment_page_says_when_the_patient_confirmed(booked, front_desk):
    row = booked[1]
    desk = client_for(front_desk)
    assert "Confirmed by the patient" not in desk.get(f"/appointments/{row.id}/").content.decode()
    confirmed(row, front_desk)
    page = desk.get(f"/appointments/{row.id}/").content.decode()
    assert "Confirmed by the patient" in page
