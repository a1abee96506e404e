"""The booking API: the same search, checker and services as the pages."""

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import insert_appointment
from mesoclinic.clinics.models import Room
from tests.appointments.booking_helpers import course_slots
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def first_plan(client, course, **wishes) -> list[dict]:
    answer = post(client, f"/api/v1/courses/{course.id}/availability", wishes)
    assert answer.status_code == 200
    return answer.json()["plans"][0]["sessions"]


def test_plans_are_found_and_one_is_booked(next_week_course, front_desk):
    desk = client_for(front_desk)
    sessions = first_plan(desk, next_week_course, part_of_day="morning")

    booked = post(
        desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": sessions}
    )

    assert booked.status_code == 201
    rows = booked.json()
    assert [row["number"] for row in rows] == [s["number"] for s in sessions]
    assert rows[0]["local_start"] == sessions[0]["start"]
    assert all(int(row["local_start"][11:13]) < 12 for row in rows)
    listed = desk.get(f"/api/v1/courses/{next_week_course.id}/appointments").json()
    assert [row["id"] for row in listed] == [row["id"] for row in rows]


def test_a_taken_time_answers_409_with_fresh_plans(next_week_course, second_course, front_desk):
    desk = client_for(front_desk)
    mine = first_plan(desk, next_week_course)
    theirs = first_plan(desk, second_course)
    assert theirs == mine
    assert (
        post(
            desk, f"/api/v1/courses/{second_course.id}/appointments", {"sessions": theirs}
        ).status_code
        == 201
    )

    answer = post(desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": mine})

    assert answer.status_code == 409
    assert "is booked" in answer.json()["errors"]["sessions"]
    assert answer.json()["plans"]
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_a_start_sent_with_an_offset_is_booked_at_that_instant_not_at_its_digits(
    next_week_course, front_desk
):
    desk = client_for(front_desk)
    sessions = first_plan(desk, next_week_course)
    wall = datetime.fromisoformat(sessions[0]["start"])
    instant = wall.replace(tzinfo=ZoneInfo(next_week_course.clinic.time_zone))
    # The same instant as a clock fourteen hours ahead of UTC reads it (another day).
    sessions[0]["start"] = instant.astimezone(timezone(timedelta(hours=14))).isoformat()

    booked = post(
        desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": sessions}
    )

    assert booked.status_code == 201, booked.content
    assert booked.json()[0]["local_start"] == wall.isoformat(timespec="minutes")


def test_server_owned_fields_are_refused(next_week_course, front_desk):
    sessions = first_plan(client_for(front_desk), next_week_course)
    sessions[0]["status"] = "completed"

    answer = post(
        client_for(front_desk),
        f"/api/v1/courses/{next_week_course.id}/appointments",
        {"sessions": sessions},
    )

    assert answer.status_code == 422
    assert not Appointment.objects.exists()


def test_cancel_and_schedule(next_week_course, front_desk):
    desk = client_for(front_desk)
    sessions = first_plan(desk, next_week_course)
    rows = post(
        desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": sessions}
    ).json()

    cancelled = post(
        desk, f"/api/v1/appointments/{rows[0]['id']}/cancel", {"status": "cancelled_clinic"}
    )
    assert cancelled.status_code == 422
    assert "reason" in cancelled.json()["errors"]
    cancelled = post(
        desk,
        f"/api/v1/appointments/{rows[0]['id']}/cancel",
        {"status": "cancelled_clinic", "reason": "Room flooded"},
    )
    assert cancelled.json()["status"] == "cancelled_clinic"
    day = rows[0]["local_start"][:10]
    schedule = desk.get(
        f"/api/v1/clinics/{next_week_course.clinic_id}/schedule", {"first": day, "last": day}
    )
    assert [row["status"] for row in schedule.json()] == ["cancelled_clinic"]


@pytest.mark.parametrize("who", ["outsider", "hillcrest_desk", "chain_manager"])
def test_another_clinics_user_gets_404_everywhere(next_week_course, front_desk, who, request):
    desk = client_for(front_desk)
    sessions = first_plan(desk, next_week_course)
    rows = post(
        desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": sessions}
    ).json()
    other = client_for(request.getfixturevalue(who))
    course = next_week_course.id

    assert post(other, f"/api/v1/courses/{course}/availability").status_code == 404
    assert other.get(f"/api/v1/courses/{course}/appointments").status_code == 404
    assert (
        post(other, f"/api/v1/courses/{course}/appointments", {"sessions": sessions}).status_code
        == 404
    )
    assert (
        post(
            other, f"/api/v1/appointments/{rows[0]['id']}/cancel", {"status": "no_show"}
        ).status_code
        == 404
    )
    assert (
        other.get(
            f"/api/v1/clinics/{next_week_course.clinic_id}/schedule",
            {"first": "2030-01-01", "last": "2030-01-02"},
        ).status_code
        == 404
    )


def test_an_ideal_date_sent_with_a_session_is_refused_as_the_servers(next_week_course, front_desk):
    desk = client_for(front_desk)
    sessions = first_plan(desk, next_week_course)
    sessions[0]["ideal_date"] = sessions[0]["start"][:10]

    answer = post(
        desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": sessions}
    )

    assert answer.status_code == 422
    assert "sessions.0.ideal_date" in answer.json()["errors"]
    assert not Appointment.objects.exists()


def test_a_plan_four_weeks_late_is_refused_with_its_window(next_week_course, front_desk):
    desk = client_for(front_desk)
    sessions = first_plan(desk, next_week_course)
    for s in sessions:
        s["start"] = (datetime.fromisoformat(s["start"]) + timedelta(weeks=4)).isoformat()

    answer = post(
        desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": sessions}
    )

    assert answer.status_code == 409  # the checker's refusal, with fresh plans
    assert "days from its ideal date" in answer.json()["errors"]["sessions"]
    assert not Appointment.objects.exists()


def test_part_of_a_course_is_refused_and_the_rest_stays_to_book(next_week_course, front_desk):
    desk = client_for(front_desk)
    sessions = first_plan(desk, next_week_course)

    answer = post(
        desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": sessions[-1:]}
    )

    assert answer.status_code == 422
    assert f"add sessions 1–{len(sessions) - 1}" in answer.json()["errors"]["sessions"]
    again = post(desk, f"/api/v1/courses/{next_week_course.id}/availability").json()
    assert [s["number"] for s in again["plans"][0]["sessions"]] == [s["number"] for s in sessions]


def test_a_start_off_the_grid_and_a_session_outside_the_course_are_named(
    next_week_course, front_desk
):
    desk = client_for(front_desk)
    url = f"/api/v1/courses/{next_week_course.id}/appointments"
    sessions = first_plan(desk, next_week_course)
    off_grid = [dict(sessions[0], start=sessions[0]["start"][:11] + "09:07"), *sessions[1:]]
    outside = [*sessions, dict(sessions[0], number=0)]

    grid = post(desk, url, {"sessions": off_grid}).json()["errors"]["sessions"]
    numbers = post(desk, url, {"sessions": outside}).json()["errors"]["sessions"]

    assert "starts at 09:07, off Riverside's 15-minute booking grid" in grid
    assert numbers == f"Session 0 is not in this course (1–{len(sessions)})."


def test_availability_offers_sessions_left_unbooked_before_a_booked_one(
    next_week_course, front_desk, practitioner
):
    # The last session alone was booked before every booking had to cover the course.
    room = Room.objects.get(clinic=next_week_course.clinic, name="Room 1")
    *earlier, last = course_slots(next_week_course, practitioner, room)
    insert_appointment(actor(front_desk), next_week_course, last, replaces=None)

    answer = post(client_for(front_desk), f"/api/v1/courses/{next_week_course.id}/availability")

    assert answer.json()["detail"] != "Every session is done or booked."
    numbers = [s["number"] for s in answer.json()["plans"][0]["sessions"]]
    assert numbers == [s.number for s in earlier]
