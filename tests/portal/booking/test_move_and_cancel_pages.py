"""Moving or cancelling a booked session from her course page, and through the API: times
that keep the course's rules, through the desk's own move and cancellation; once the
window has closed, the clinic's number instead."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mesoclinic.appointments.calendar import to_utc, to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.services import BookingRefused
from mesoclinic.domain.errors import DomainError
from mesoclinic.portal.booking.changes import appointment_move_by_patient
from mesoclinic.portal.booking.online import online_move_options
from mesoclinic.portal.models import PortalSettings
from tests.conftest import actor, client_for
from tests.portal.booking.conftest import CLINIC_PHONE


def _close_window(booked):
    """A window so long that her first session is already inside it."""
    PortalSettings.objects.filter(clinic=booked[0].clinic).update(cancel_hours_before=336)
    assert booked[0].starts_at - timezone.now() < timedelta(hours=336)


def test_she_is_offered_other_times_with_online_practitioners_only(booked, colleague, practitioner):
    offers, why_none = online_move_options(booked[2], timezone.now())
    assert offers, why_none
    assert len(offers) <= 5
    for offer in offers:
        assert offer.appointments[0].number == booked[2].number
        assert {a.practitioner_id for a in offer.appointments} == {str(practitioner.id)}


def test_she_moves_a_session_from_the_page(ada_client, booked):
    row = booked[2]
    offer = online_move_options(row, timezone.now())[0][0]
    response = ada_client.post(f"/portal/appointments/{row.id}/move/", {"option": offer.id})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == AppointmentStatus.BOOKED
    assert to_wall(row.starts_at, row.clinic) == offer.appointments[0].start
    assert row.status_changed_by is None  # moved, not cancelled and booked again


def test_a_move_to_a_time_taken_meanwhile_is_refused(
    booked, second_course, front_desk, ada_account, patient
):
    row = booked[2]
    # An option on another day: one that overlaps her present time cannot be taken by
    # another patient while she holds it.
    offer = next(
        offer
        for offer in online_move_options(row, timezone.now())[0]
        if offer.appointments[0].start.date() != to_wall(row.starts_at, row.clinic).date()
    )
    target = offer.appointments[0]
    # Another patient's session is put straight into that hour, as a desk would book it.
    starts = to_utc(target.start, row.clinic)
    Appointment.objects.create(
        clinic=row.clinic,
        patient=second_course.patient,
        course=second_course,
        number=1,
        practitioner_id=int(target.practitioner_id),
        room_id=int(target.room_id),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        held_until=starts + timedelta(hours=1),
        booked_by=front_desk,
    )
    before = row.starts_at
    with pytest.raises(BookingRefused) as refused:
        appointment_move_by_patient(
            actor=actor(ada_account), patient=patient, appointment_id=row.id, option_id=offer.id
        )
    assert "is no longer free" in refused.value.message
    row.refresh_from_db()
    assert row.starts_at == before


def test_once_the_window_closes_the_move_page_says_to_call(ada_client, booked):
    _close_window(booked)
    page = ada_client.get(f"/portal/appointments/{booked[0].id}/move/").content.decode()
    assert f"please call the clinic on {CLINIC_PHONE}" in page
    assert 'name="option"' not in page


def test_a_move_after_the_window_closed_is_refused(booked, ada_account, patient):
    _close_window(booked)
    with pytest.raises(DomainError) as refused:
        appointment_move_by_patient(
            actor=actor(ada_account), patient=patient, appointment_id=booked[0].id, option_id="x"
        )
    assert CLINIC_PHONE in refused.value.message


def test_with_online_booking_off_she_is_not_offered_moves(booked, online):
    online.online_booking = False
    online.save()
    offers, why_none = online_move_options(booked[2], timezone.now())
    assert offers == []
    assert f"call the clinic on {CLINIC_PHONE}" in why_none


def test_she_cancels_after_confirming_on_the_page(ada_client, booked):
    row = booked[1]
    confirm = ada_client.get(f"/portal/appointments/{row.id}/cancel/").content.decode()
    assert f"Cancel session {row.number}" in confirm
    row.refresh_from_db()
    assert row.status == AppointmentStatus.BOOKED  # looking at the page changes nothing
    response = ada_client.post(f"/portal/appointments/{row.id}/cancel/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == AppointmentStatus.CANCELLED_BY_PATIENT


def test_once_the_window_closes_the_cancel_page_says_to_call_and_cancels_nothing(
    ada_client, booked
):
    _close_window(booked)
    page = ada_client.post(f"/portal/appointments/{booked[0].id}/cancel/").content.decode()
    assert f"please call the clinic on {CLINIC_PHONE}" in page
    booked[0].refresh_from_db()
    assert booked[0].status == AppointmentStatus.BOOKED


def test_the_api_lists_moves_and_moves_by_option_id(ada_client, booked):
    row = booked[2]
    moves = ada_client.get(f"/api/v1/portal/appointments/{row.id}/moves").json()
    option = moves["options"][0]
    response = ada_client.post(
        f"/api/v1/portal/appointments/{row.id}/move",
        {"option_id": option["id"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    moved = next(s for s in response.json()["booked"] if s["number"] == row.number)
    assert moved["local_start"] == option["sessions"][0]["start"]


def test_the_api_refuses_a_stale_option_with_fresh_ones(ada_client, booked):
    response = ada_client.post(
        f"/api/v1/portal/appointments/{booked[2].id}/move",
        {"option_id": "0000000000000000"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["options"]


def test_the_api_cancels_inside_the_window_and_refuses_after(ada_client, booked):
    ok = ada_client.post(f"/api/v1/portal/appointments/{booked[3].id}/cancel")
    assert ok.status_code == 200
    assert booked[3].number not in [s["number"] for s in ok.json()["booked"]]
    _close_window(booked)
    late = ada_client.post(f"/api/v1/portal/appointments/{booked[0].id}/cancel")
    assert late.status_code == 422
    assert CLINIC_PHONE in late.json()["errors"]["appointment"]


def test_other_patients_and_staff_get_404_from_the_change_endpoints(
    bea_client, grace_client, practitioner, booked
):
    row = booked[2]
    for client in (bea_client, grace_client, client_for(practitioner)):
        assert client.get(f"/api/v1/portal/appointments/{row.id}/moves").status_code == 404
        for action, body in (("move", {"option_id": "x"}), ("cancel", {})):
            response = client.post(
                f"/api/v1/portal/appointments/{row.id}/{action}",
                body,
                content_type="application/json",
            )
            assert response.status_code == 404
        assert client.post(f"/portal/appointments/{row.id}/cancel/").status_code == 404
    row.refresh_from_db()
    assert row.status == AppointmentStatus.BOOKED


def test_without_online_booking_she_may_still_cancel_but_not_move(ada_client, booked, online):
    online.online_booking = False
    online.save()
    page = ada_client.get(f"/portal/courses/{booked[0].course_id}/").content.decode()
    assert f"/portal/appointments/{booked[2].id}/cancel/" in page
    assert f"/portal/appointments/{booked[2].id}/move/" not in page


def test_a_first_session_the_clinic_books_is_moved_by_the_clinic_only(booked, online):
    online.first_session_by_staff = True
    online.save()
    offers, why_none = online_move_options(booked[0], timezone.now())
    assert offers == []
    assert "first session is arranged by the clinic" in why_none
    assert f"please call the clinic on {CLINIC_PHONE}" in why_none
    assert online_move_options(booked[1], timezone.now())[0]
