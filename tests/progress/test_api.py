"""The progress API: the page's numbers to the digit, and the decision through the same
service; another clinic's user gets 404."""

import json
import re

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.courses.models import CourseState
from mesoclinic.progress.models import NonResponderDecision
from tests.conftest import client_for


def post(client: Client, url: str, body: dict) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(practitioner) -> Client:
    return client_for(practitioner)


def test_the_api_gives_the_series_the_sessions_the_window_and_the_review(flat, api) -> None:
    body = api.get(f"/api/v1/courses/{flat.id}/progress").json()
    assert body["index_area"] == {"area": "thighs", "side": "left", "label": "Thighs, left"}
    assert len(body["session_dates"]) == 6
    window = body["first_improvement_window"]
    assert (window["days_min"], window["days_max"]) == (14, 28)
    assert window["starts_on"] > body["session_dates"][0]
    left = body["areas"][0]
    assert left["index"] is True
    assert [p["circumference_cm"] for p in left["points"]] == ["60.5", "60.0"]
    assert left["points"][0]["css_items"] == {"a": 2, "b": 2, "c": 1, "d": 1, "e": 2}
    assert [a["patient_satisfaction"] for a in body["assessments"]] == [None, 2]
    assert body["responder"] is False
    assert "this clinic's protocol setting" in body["responder_rule"]
    assert body["review"]["status"] == "flagged"
    assert body["review"]["needs_decision"] is True


def test_every_chart_number_and_sentence_of_the_api_is_on_the_page(flat, api) -> None:
    body = api.get(f"/api/v1/courses/{flat.id}/progress").json()
    page = api.get(f"/courses/{flat.id}/progress/").content.decode()
    text = re.sub(r"&#x27;", "'", page)
    for change in body["changes"]:
        assert change["sentence"] in text
    for chart in body["charts"]:
        for point in chart["points"]:
            assert f'<td class="date">{point["on"]}</td><td>{point["value"]}</td>' in text


def test_a_decision_is_recorded_on_the_flagged_reassessment_and_clears_the_flag(flat, api) -> None:
    url = f"/api/v1/courses/{flat.id}/non-responder-decisions"
    response = post(api, url, {"decision": "continue", "reason": "Two more sessions agreed."})
    assert response.status_code == 201
    progress = api.get(f"/api/v1/courses/{flat.id}/progress").json()
    assert progress["review"]["status"] == "answered"
    [decision] = progress["decisions"]
    assert decision["reassessment_id"] == progress["review"]["reassessment_id"]
    assert decision["reason"] == "Two more sessions agreed."


def test_a_second_decision_on_the_same_reassessment_is_refused_by_name(flat, api) -> None:
    url = f"/api/v1/courses/{flat.id}/non-responder-decisions"
    post(api, url, {"decision": "continue", "reason": "Agreed."})
    again = post(api, url, {"decision": "stop", "reason": "Changed my mind."})
    assert again.status_code == 422
    assert "No decision is due" in again.content.decode()
    assert NonResponderDecision.objects.count() == 1


def test_the_reassessment_is_the_servers_to_choose(flat, api) -> None:
    url = f"/api/v1/courses/{flat.id}/non-responder-decisions"
    body = {"decision": "continue", "reason": "Agreed.", "reassessment_id": 1}
    assert post(api, url, body).status_code == 422
    assert not NonResponderDecision.objects.exists()


def test_a_stop_decision_stops_the_course_with_its_reason(flat, api) -> None:
    url = f"/api/v1/courses/{flat.id}/non-responder-decisions"
    assert (
        post(api, url, {"decision": "stop", "reason": "No change; patient agrees."}).status_code
        == 201
    )
    flat.refresh_from_db()
    assert flat.state == CourseState.STOPPED
    assert flat.stop_reason == "No change; patient agrees."


def test_a_decision_without_a_reason_is_refused_naming_the_field(flat, api) -> None:
    url = f"/api/v1/courses/{flat.id}/non-responder-decisions"
    response = post(api, url, {"decision": "continue", "reason": "   "})
    assert response.status_code == 422
    assert "reason" in response.content.decode()


def test_an_improving_course_needs_no_decision(improving, api) -> None:
    url = f"/api/v1/courses/{improving.id}/non-responder-decisions"
    response = post(api, url, {"decision": "continue", "reason": "Agreed."})
    assert response.status_code == 422


def test_another_clinics_user_gets_404_on_the_progress_and_decision_api(flat, outsider) -> None:
    client = client_for(outsider)
    assert client.get(f"/api/v1/courses/{flat.id}/progress").status_code == 404
    url = f"/api/v1/courses/{flat.id}/non-responder-decisions"
    assert post(client, url, {"decision": "stop", "reason": "x"}).status_code == 404
    assert not NonResponderDecision.objects.exists()


def test_the_progress_read_is_audited_and_never_stored_by_a_cache(flat, api, practitioner) -> None:
    response = api.get(f"/api/v1/courses/{flat.id}/progress")
    assert "no-store" in response.headers["Cache-Control"]
    assert AuditEvent.objects.filter(
        action=Action.READ, target=f"course {flat.id} progress", actor=practitioner, via="api"
    ).exists()
