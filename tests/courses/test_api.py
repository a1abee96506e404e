"""The course API: the same services, rules and access as the pages."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.courses.models import Course
from mesoclinic.domain.estimate import estimate_as_json
from mesoclinic.web.tokens import token_create
from tests.conftest import actor, client_for
from tests.courses.conftest import XSS_NAME, assess, expected_estimate, plan, record_sessions


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def body(today, **fields) -> dict:
    return {"cadence": "weekly", "starts_on": today.isoformat(), **fields}


@pytest.fixture
def api(practitioner) -> Client:
    return client_for(practitioner)


def test_a_course_is_planned_and_read_back(grade_two, patient, api, today):
    response = post(api, f"/api/v1/patients/{patient.id}/courses", body(today))

    assert response.status_code == 201
    created = response.json()
    assert created["state"] == "planned"
    assert created["assessment_id"] == grade_two.id
    assert created["estimate"] == estimate_as_json(expected_estimate(grade_two, today))
    assert created["planned_dates"] == created["estimate"]["dates"]
    assert api.get(f"/api/v1/courses/{created['id']}").json() == created
    listed = api.get(f"/api/v1/patients/{patient.id}/courses").json()
    assert [c["id"] for c in listed] == [created["id"]]


@pytest.mark.parametrize(
    "field", ["state", "clinic_id", "author", "sessions_done", "planned_dates", "block_number"]
)
def test_fields_the_server_owns_are_refused(grade_two, patient, api, today, field):
    response = post(api, f"/api/v1/patients/{patient.id}/courses", body(today, **{field: 1}))

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Course.objects.exists()


def test_a_cadence_outside_the_protocol_is_refused(grade_two, patient, api, today):
    response = post(api, f"/api/v1/patients/{patient.id}/courses", body(today, cadence="daily"))

    assert response.status_code == 422
    assert response.json()["errors"]["cadence"].startswith("Cadence must be one of: weekly")


def test_a_changed_count_needs_a_reason_and_keeps_it(grade_two, patient, api, today):
    url = f"/api/v1/patients/{patient.id}/courses"

    refused = post(api, url, body(today, sessions=6))
    created = post(api, url, body(today, sessions=6, reason="what she can afford")).json()

    assert refused.status_code == 422
    assert "reason" in refused.json()["errors"]
    assert created["changes"][0] == {
        **created["changes"][0],
        "field": "sessions",
        "after": 6,
        "reason": "what she can afford",
        "author": "riverside.practitioner",
    }


def test_a_count_that_is_not_a_positive_whole_number_is_refused(grade_two, patient, api, today):
    for sessions in (0, 2.5, "three"):
        response = post(
            api,
            f"/api/v1/patients/{patient.id}/courses",
            body(today, sessions=sessions, reason="x"),
        )
        assert response.status_code == 422, sessions
        assert "sessions" in response.json()["errors"]


def test_every_blocking_reason_is_given_when_planning(patient, practitioner, api, today):
    assess(patient, practitioner, 2)

    response = post(api, f"/api/v1/patients/{patient.id}/courses", body(today))

    assert response.status_code == 422
    assert response.json()["errors"]["course"] == (
        "No screening on record: take a screening before the course. "
        "No signed consent: the patient signs the clinic's consent form before a course."
    )


def test_grade_zero_is_refused_with_the_estimates_reason(ready, practitioner, api, today):
    assess(ready, practitioner, 0)

    response = post(api, f"/api/v1/patients/{ready.id}/courses", body(today))

    assert response.status_code == 422
    assert response.json()["errors"]["assessment"].endswith("no course is recommended.")


def test_a_course_is_started_changed_and_stopped(course, api):
    url = f"/api/v1/courses/{course.id}"

    started = post(api, f"{url}/start")
    changed = post(api, f"{url}/changes", {"sessions": 9, "cadence": "fortnightly", "reason": "x"})
    stopped = post(api, f"{url}/stop", {"reason": "moved away"})

    assert started.json()["state"] == "active"
    assert changed.status_code == 201
    assert (changed.json()["sessions_planned"], changed.json()["cadence_days"]) == (9, 14)
    assert [c["field"] for c in changed.json()["changes"]] == ["cadence_days", "sessions"]
    assert (stopped.json()["state"], stopped.json()["stop_reason"]) == ("stopped", "moved away")


def test_a_stop_without_a_reason_is_refused(active, api):
    response = post(api, f"/api/v1/courses/{active.id}/stop", {"reason": ""})

    assert response.status_code == 422
    assert "reason" in response.json()["errors"]


def test_an_illegal_transition_is_refused_with_a_clear_message(active, api):
    started_again = post(api, f"/api/v1/courses/{active.id}/start")
    completed_early = post(api, f"/api/v1/courses/{active.id}/complete")

    assert started_again.status_code == completed_early.status_code == 422
    assert started_again.json()["errors"]["course"] == (
        "This course is active: only a planned course can be started."
    )
    assert "still to come" in completed_early.json()["errors"]["course"]


def test_the_next_block_is_planned_from_a_reassessment(ready, practitioner, api, today):
    assess(ready, practitioner, 3, on=today - timedelta(days=70))
    course = plan(ready, practitioner, starts_on=today - timedelta(days=63))
    post(api, f"/api/v1/courses/{course.id}/start")
    course.refresh_from_db()
    course = record_sessions(course, practitioner, course.sessions_planned)
    url = f"/api/v1/courses/{course.id}/blocks"
    tomorrow = (today + timedelta(days=1)).isoformat()

    refused = post(api, url, {"starts_on": tomorrow})
    assess(ready, practitioner, 3, kind="follow_up", on=today)
    planned = post(api, url, {"starts_on": tomorrow, "lifestyle": True})

    assert refused.status_code == 422
    assert "follow-up assessment" in refused.json()["errors"]["assessment"]
    assert planned.status_code == 201
    assert planned.json()["block_number"] == 2
    assert [b["number"] for b in planned.json()["blocks"]] == [1, 2]


def test_a_bearer_token_works_like_the_session(course, practitioner):
    _, token = token_create(actor=actor(practitioner), user=practitioner)

    response = Client().get(
        f"/api/v1/courses/{course.id}", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 200
    assert AuditEvent.objects.filter(via="api", target=f"course {course.id}").exists()


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_courses_are_not_found_without_clinical_access_there(course, patient, who, request, today):
    client = client_for(request.getfixturevalue(who))

    assert client.get(f"/api/v1/patients/{patient.id}/courses").status_code == 404
    assert client.get(f"/api/v1/courses/{course.id}").status_code == 404
    assert post(client, f"/api/v1/patients/{patient.id}/courses", body(today)).status_code == 404
    for action, payload in (
        ("start", None),
        ("stop", {"reason": "x"}),
        ("complete", None),
        ("changes", {"sessions": 3, "reason": "x"}),
        ("blocks", {"starts_on": today.isoformat()}),
    ):
        response = post(client, f"/api/v1/courses/{course.id}/{action}", payload)
        assert response.status_code == 404, action
    course.refresh_from_db()
    assert (course.state, Course.objects.count()) == ("planned", 1)


def test_a_session_post_without_the_csrf_token_is_refused(course, patient, practitioner, today):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    assert post(strict, f"/api/v1/courses/{course.id}/start").status_code == 403
    assert post(strict, f"/api/v1/patients/{patient.id}/courses", body(today)).status_code == 403
    course.refresh_from_db()
    assert course.state == "planned"


def test_api_reads_and_changes_are_audited(course, api):
    post(api, f"/api/v1/courses/{course.id}/start")

    rows = AuditEvent.objects.filter(via="api", patient_id=course.patient_id)
    assert rows.filter(action=Action.READ, target=f"course {course.id} start").exists()
    assert rows.filter(action=Action.UPDATE, target=f"course {course.id} started").exists()


def test_a_reason_with_markup_comes_back_as_plain_json_text(active, api):
    response = post(api, f"/api/v1/courses/{active.id}/stop", {"reason": XSS_NAME})

    assert response["Content-Type"].startswith("application/json")
    assert response.json()["stop_reason"] == XSS_NAME
