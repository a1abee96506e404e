"""Cancelling, no-shows, placing a session again and moving one. Rows are never deleted;
later sessions move only when the minimum gap makes them."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import (
    appointment_cancel,
    appointment_move,
    appointment_replace,
)
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import BookingRefused, Slot, course_book
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Room
from mesoclinic.domain.errors import DomainError
from tests.appointments.booking_helpers import book_course_around, course_slots
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(next_week_course, front_desk, practitioner, colleague):
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    return course_book(
        actor=actor(front_desk),
        course_id=next_week_course.id,
        slots=course_slots(next_week_course, practitioner, room),
    )


def detail(row) -> str:
    return reverse("appointments:detail", kwargs={"appointment_id": row.id})


def option_tokens(html: str, option: int = 1) -> list[str]:
    forms = re.findall(r"<form[^>]*>(.*?)</form>", html, re.S)
    offered = [form for form in forms if 'name="slots"' in form]
    return re.findall(r'name="slots" value="([^"]+)"', offered[option - 1])


def test_a_patient_cancellation_keeps_the_row_and_is_audited(booked, front_desk):
    row = appointment_cancel(
        actor=actor(front_desk), appointment_id=booked[3].id, status="cancelled_patient"
    )

    assert row.status == "cancelled_patient"
    assert Appointment.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(target=f"appointment {row.id} cancelled_patient").exists()


def test_a_clinic_cancellation_needs_a_reason(booked, front_desk):
    with pytest.raises(DomainError) as refused:
        appointment_cancel(
            actor=actor(front_desk), appointment_id=booked[0].id, status="cancelled_clinic"
        )

    assert refused.value.field == "reason"
    assert refused.value.message == "Say why the clinic cancels."
    assert Appointment.objects.get(pk=booked[0].pk).status == "booked"


def test_a_no_show_is_recorded_only_once_the_time_has_come(booked, front_desk):
    with pytest.raises(DomainError, match="once the appointment time has come"):
        appointment_cancel(actor=actor(front_desk), appointment_id=booked[0].id, status="no_show")


def test_a_cancelled_appointment_cannot_be_cancelled_again(booked, front_desk):
    appointment_cancel(
        actor=actor(front_desk), appointment_id=booked[0].id, status="cancelled_patient"
    )

    with pytest.raises(DomainError, match="cancelled by the patient"):
        appointment_cancel(
            actor=actor(front_desk), appointment_id=booked[0].id, status="cancelled_patient"
        )


def test_a_cancelled_session_is_placed_again_without_moving_the_others(booked, front_desk):
    desk = client_for(front_desk)
    fourth = booked[3]
    desk.post(
        reverse("appointments:cancel", args=[fourth.id]),
        {"status": "cancelled_patient", "reason": "Away"},
    )
    page = desk.get(detail(fourth)).content.decode()
    assert "Place session 4 again" in page
    assert "no other session moves" in page
    before = {r.id: r.starts_at for r in Appointment.objects.filter(status="booked")}

    answer = desk.post(
        reverse("appointments:replace", args=[fourth.id]), {"slots": option_tokens(page)}
    )

    assert answer.status_code == 302
    again = Appointment.objects.get(course=fourth.course, number=4, status="booked")
    assert again.replaces_id == fourth.id
    assert Appointment.objects.get(pk=fourth.pk).status == "cancelled_patient"
    after = {r.id: r.starts_at for r in Appointment.objects.filter(status="booked")}
    assert {k: v for k, v in after.items() if k != again.id} == before
    assert "Place session 4 again" not in desk.get(detail(fourth)).content.decode()


def test_a_booked_session_is_moved_to_an_offered_time(booked, front_desk):
    desk = client_for(front_desk)
    second = booked[1]
    page = desk.get(detail(second)).content.decode()
    assert "Move to another time" in page
    tokens = option_tokens(page)

    answer = desk.post(reverse("appointments:move", args=[second.id]), {"slots": tokens})

    assert answer.status_code == 302
    moved = Appointment.objects.get(pk=second.pk)
    assert moved.status == "booked"
    assert moved.starts_at != second.starts_at or moved.practitioner_id != second.practitioner_id


def test_an_option_taken_meanwhile_is_refused_and_nothing_moves(
    booked, front_desk, second_course, practitioner, colleague
):
    desk = client_for(front_desk)
    second = booked[1]
    page = desk.get(detail(second)).content.decode()
    # An option on another day, so the other patient's booking clashes with the option only.
    day = str(timezone.localdate(second.starts_at, ZoneInfo(second.clinic.time_zone)))
    tokens = next(
        t for n in range(1, 6) if (t := option_tokens(page, n))[0].split("|")[3][:10] != day
    )
    number, who, room, start = tokens[0].split("|")
    when = datetime.fromisoformat(start)
    book_course_around(second_course, front_desk, int(who), int(room), when, number=int(number))

    answer = desk.post(reverse("appointments:move", args=[second.id]), {"slots": tokens})

    assert answer.status_code == 409
    assert "is booked" in answer.content.decode()
    assert Appointment.objects.get(pk=second.pk).starts_at == second.starts_at


@pytest.mark.parametrize("who", ["outsider", "hillcrest_desk", "chain_manager"])
def test_another_clinics_staff_get_404_on_every_appointment_page(booked, who, request):
    other = client_for(request.getfixturevalue(who))
    row = booked[0]

    assert other.get(detail(row)).status_code == 404
    for name in ("cancel", "move", "replace", "check_in"):
        url = reverse(f"appointments:{name}", args=[row.id])
        assert other.post(url, {"status": "cancelled_patient", "slots": []}).status_code == 404
    assert Appointment.objects.get(pk=row.pk).status == "booked"


def test_appointment_changes_need_the_csrf_token(booked, front_desk):
    desk = Client(enforce_csrf_checks=True)
    desk.force_login(front_desk)

    url = reverse("appointments:cancel", args=[booked[0].id])
    assert desk.post(url, {"status": "cancelled_patient"}).status_code == 403


def test_the_appointment_page_shows_the_time_in_the_clinics_zone(booked, front_desk):
    row = booked[0]
    local = timezone.localtime(
        row.starts_at, timezone=__import__("zoneinfo").ZoneInfo(row.clinic.time_zone)
    )

    page = client_for(front_desk).get(detail(row)).content.decode()

    assert local.strftime("%H:%M") in page
    assert timedelta(0) <= local.utcoffset() <= timedelta(hours=1)


def test_a_move_off_the_booking_grid_is_refused_naming_the_nearest_times(booked, front_desk):
    second = booked[1]
    start = to_wall(second.starts_at, second.clinic) + timedelta(minutes=7)
    slot = Slot(second.number, second.practitioner_id, second.room_id, start)

    with pytest.raises(BookingRefused) as refused:
        appointment_move(actor=actor(front_desk), appointment_id=second.id, slots=[slot])

    assert f"starts at {start:%H:%M}, off Riverside's 15-minute booking grid" in (
        refused.value.message
    )


def test_a_later_session_outside_the_course_is_named_when_placing_again(booked, front_desk):
    first = booked[0]
    appointment_cancel(actor=actor(front_desk), appointment_id=first.id, status="cancelled_patient")
    start = to_wall(first.starts_at, first.clinic)
    slots = [
        Slot(first.number, first.practitioner_id, first.room_id, start),
        Slot(99, first.practitioner_id, first.room_id, start + timedelta(days=7)),
    ]

    with pytest.raises(BookingRefused) as refused:
        appointment_replace(actor=actor(front_desk), appointment_id=first.id, slots=slots)

    assert refused.value.message == f"Session 99 is not in this course (1–{len(booked)})."
