"""The recall endpoints: the clinic's list, one recall, and the desk's call, with another
clinic's staff and chain managers answered 404 on each."""

import json
from datetime import time, timedelta

import pytest

from mesoclinic.domain.recall import NO_ANSWER_RETRY_DAYS
from mesoclinic.recalls.models import RecallEntry
from tests.conftest import client_for
from tests.recalls.conftest import book_visit

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_list_shows_overdue_and_due_recalls_oldest_first_with_their_numbers(
    overdue, due_soon, front_desk, today
):
    response = client_for(front_desk).get(f"/api/v1/clinics/{overdue.clinic_id}/recalls")

    assert response.status_code == 200
    body = response.json()
    assert [r["id"] for r in body["recalls"]] == [overdue.id, due_soon.id]
    first = body["recalls"][0]
    assert (first["standing"], first["days_overdue"], first["call_on"]) == (
        "overdue",
        10,
        (today - timedelta(days=10)).isoformat(),
    )
    assert (first["patient"], first["phone"], first["may_contact"]) == (
        "Ada Lovelace",
        "07700 900123",
        True,
    )
    assert (first["nm_grade"], first["interval_days"]) == (1, 365)


@pytest.mark.parametrize(("status", "expected"), [("overdue", ["overdue"]), ("due", ["due"])])
def test_the_list_filters_by_status(overdue, due_soon, front_desk, status, expected):
    response = client_for(front_desk).get(
        f"/api/v1/clinics/{overdue.clinic_id}/recalls?status={status}"
    )

    assert [r["standing"] for r in response.json()["recalls"]] == expected


def test_a_recall_due_beyond_the_window_is_left_off_until_asked_for(due_soon, front_desk):
    url = f"/api/v1/clinics/{due_soon.clinic_id}/recalls?status=due"

    assert client_for(front_desk).get(f"{url}&within_days=4").json()["recalls"] == []
    assert len(client_for(front_desk).get(f"{url}&within_days=5").json()["recalls"]) == 1


def test_an_unanswered_call_keeps_the_recall_overdue_from_its_due_date(overdue, front_desk, today):
    desk = client_for(front_desk)
    post(desk, f"/api/v1/recalls/{overdue.id}/calls", {"outcome": "no_answer"})

    body = desk.get(f"/api/v1/clinics/{overdue.clinic_id}/recalls?status=overdue").json()

    (listed,) = body["recalls"]
    retry = (today + timedelta(days=NO_ANSWER_RETRY_DAYS)).isoformat()
    assert (listed["standing"], listed["days_overdue"], listed["call_on"]) == ("overdue", 10, retry)


def test_an_unknown_status_is_refused_naming_the_field(overdue, front_desk):
    response = client_for(front_desk).get(
        f"/api/v1/clinics/{overdue.clinic_id}/recalls?status=soon"
    )

    assert response.status_code == 422
    assert "status" in response.json()["errors"]


def test_an_unanswered_call_is_recorded_and_tried_again_later(overdue, front_desk, today):
    response = post(
        client_for(front_desk), f"/api/v1/recalls/{overdue.id}/calls", {"outcome": "no_answer"}
    )

    assert response.status_code == 201
    body = response.json()
    retry = (today + timedelta(days=NO_ANSWER_RETRY_DAYS)).isoformat()
    assert (body["state"], body["next_try_on"], body["call_on"]) == ("open", retry, retry)
    assert body["history"][0]["outcome"] == "no_answer"
    assert body["history"][0]["author"] == front_desk.username


def test_a_booked_call_names_one_of_her_upcoming_appointments(overdue, upcoming_visit, front_desk):
    response = post(
        client_for(front_desk),
        f"/api/v1/recalls/{overdue.id}/calls",
        {"outcome": "booked", "appointment_id": upcoming_visit.id, "note": "Booked next week"},
    )

    assert response.status_code == 201
    assert (response.json()["state"], response.json()["appointment_id"]) == (
        "booked",
        upcoming_visit.id,
    )


def test_another_patients_appointment_is_refused_with_a_clear_message(
    overdue, upcoming_visit, due_soon, practitioner, front_desk
):
    marys_visit = book_visit(due_soon.patient, practitioner, front_desk, at=time(14))

    response = post(
        client_for(front_desk),
        f"/api/v1/recalls/{overdue.id}/calls",
        {"outcome": "booked", "appointment_id": marys_visit.id},
    )

    assert response.status_code == 422
    assert (
        "not one of this patient's upcoming appointments"
        in (response.json()["errors"]["appointment_id"])
    )
    overdue.refresh_from_db()
    assert overdue.state == "open"


def test_a_do_not_contact_patient_cannot_be_recorded_as_called(do_not_contact, front_desk):
    url = f"/api/v1/recalls/{do_not_contact.id}/calls"
    response = post(client_for(front_desk), url, {"outcome": "declined"})

    assert response.status_code == 422
    assert "does not allow contact" in response.json()["errors"]["outcome"]
    assert not RecallEntry.objects.exists()


def test_the_server_owns_the_state_and_dates_of_a_call(overdue, front_desk):
    response = post(
        client_for(front_desk),
        f"/api/v1/recalls/{overdue.id}/calls",
        {"outcome": "declined", "state": "open"},
    )

    assert response.status_code == 422


@pytest.mark.parametrize("who", ["outsider", "chain_manager"])
def test_another_clinics_user_gets_404_on_the_list_a_recall_and_a_call(overdue, who, request):
    client = client_for(request.getfixturevalue(who))

    assert client.get(f"/api/v1/clinics/{overdue.clinic_id}/recalls").status_code == 404
    assert client.get(f"/api/v1/recalls/{overdue.id}").status_code == 404
    assert (
        post(client, f"/api/v1/recalls/{overdue.id}/calls", {"outcome": "declined"}).status_code
        == 404
    )
    assert not RecallEntry.objects.exists()


@pytest.mark.parametrize("who", ["front_desk", "practitioner", "clinic_admin"])
def test_every_role_of_the_clinic_reads_a_recall(overdue, who, request):
    response = client_for(request.getfixturevalue(who)).get(f"/api/v1/recalls/{overdue.id}")

    assert response.status_code == 200
    assert response.json()["due_on"] == overdue.due_on.isoformat()


def test_a_postponement_moves_the_due_date_with_its_reason(overdue, front_desk, today):
    later = (today + timedelta(days=30)).isoformat()
    response = post(
        client_for(front_desk),
        f"/api/v1/recalls/{overdue.id}/postpone",
        {"due_on": later, "reason": "Patient asked for next month"},
    )

    assert response.status_code == 200
    assert (response.json()["due_on"], response.json()["standing"]) == (later, "due")
