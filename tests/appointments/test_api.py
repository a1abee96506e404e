"""The booking API: the same search, checker and services as the pages."""

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mesoclinic.appointments.models import Appointment
from tests.conftest import client_for

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
    theirs = [dict(mine[0], number=1, ideal_date=None)]
    assert (
        post(
            desk, f"/api/v1/courses/{second_course.id}/appointments", {"sessions": theirs}
        ).status_code
        == 201
    )

    answer = post(desk, f"/api/v1/courses/{next_week_course.id}/appointments", {"sessions": mine})

    assert answer.status_code == 409
    assert "is booked" in answer.json()["errors"]["slots"]
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
