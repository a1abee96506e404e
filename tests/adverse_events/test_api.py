"""The adverse event API: the same rules and the same access as the pages."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from mesoclinic.adverse_events.models import (
    AdverseEvent,
    AdverseEventFollowUp,
    SeriousEventReview,
)
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.web.tokens import token_create
from tests.adverse_events.conftest import ESCAPED, XSS, chart, record
from tests.conftest import actor


def bearer(user) -> dict[str, str]:
    _, token = token_create(actor=actor(user), user=user)
    return {"Authorization": f"Bearer {token}"}


def get(url, user):
    return Client().get(url, headers=bearer(user))


def post(url, body, user):
    return Client().post(
        url, json.dumps(body), content_type="application/json", headers=bearer(user)
    )


def new_event(today, **extra) -> dict:
    return {
        "event_type": "bruising",
        "severity": "mild",
        "area": "thighs",
        "side": "left",
        "onset_on": today.isoformat(),
        **extra,
    }


def test_an_event_is_recorded_and_read_back(patient, practitioner, today):
    response = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today, description="At the injection point", ctcae_grade=1),
        practitioner,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["type_label"] == "Bruising"
    assert body["expected_days"] == [7, 10]
    assert body["follow_up_due_after"] == (today + timedelta(days=10)).isoformat()
    assert (body["serious"], body["needs_follow_up"], body["event_status"]) == (
        False,
        False,
        "ongoing",
    )
    assert body["site"] == "Thighs, left"
    assert body["author"] == "riverside.practitioner"
    assert (body["follows_session_ids"], body["follows_lot_ids"]) == ([], [])
    assert get(f"/api/v1/adverse-events/{body['id']}", practitioner).json() == body
    listed = get(f"/api/v1/patients/{patient.id}/adverse-events", practitioner).json()
    assert [event["id"] for event in listed] == [body["id"]]


@pytest.mark.parametrize(
    "field",
    [
        "clinic_id",
        "author",
        "status",
        "serious",
        "type_label",
        "expected_days",
        "event_status",
        "resolved_on",
    ],
)
def test_fields_the_server_owns_are_refused(patient, practitioner, today, field):
    response = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today, **{field: "x"}),
        practitioner,
    )

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not AdverseEvent.objects.exists()


def test_an_event_following_a_session_returns_the_session_and_its_lots(
    patient, practitioner, session, caffeine_lot, silicon_lot, today
):
    response = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today, follows_session_ids=[session.id]),
        practitioner,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["follows_session_ids"] == [session.id]
    assert sorted(body["follows_lot_ids"]) == sorted([caffeine_lot.id, silicon_lot.id])
    assert get(f"/api/v1/adverse-events/{body['id']}", practitioner).json() == body


def test_the_api_records_only_the_lots_named(patient, practitioner, session, caffeine_lot, today):
    response = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today, follows_session_ids=[session.id], follows_lot_ids=[caffeine_lot.id]),
        practitioner,
    )

    assert response.status_code == 201
    assert response.json()["follows_lot_ids"] == [caffeine_lot.id]


def test_a_session_after_the_onset_is_refused_naming_the_field(
    patient, practitioner, session, today
):
    response = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today - timedelta(days=1), follows_session_ids=[session.id]),
        practitioner,
    )

    assert response.status_code == 422
    assert "After the onset" in response.json()["errors"]["follows_sessions"]
    assert not AdverseEvent.objects.exists()


def test_a_lot_not_used_in_the_sessions_is_refused_naming_the_field(
    patient, practitioner, active, caffeine_lot, silicon_lot, today
):
    only_caffeine = chart(active, practitioner, [caffeine_lot])

    response = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today, follows_session_ids=[only_caffeine.id], follows_lot_ids=[silicon_lot.id]),
        practitioner,
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "follows_lots": "Not used in the chosen sessions: lot SIL-1."
    }


def test_ids_beyond_any_row_are_refused_by_the_schema(patient, practitioner, today):
    response = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today, follows_session_ids=[2**63]),
        practitioner,
    )

    assert response.status_code == 422
    assert not AdverseEvent.objects.exists()


def test_an_amendment_of_the_sessions_records_the_ids_before_and_after(
    patient, practitioner, session, caffeine_lot, silicon_lot
):
    bruise = record(patient, practitioner, days_ago=0)

    response = post(
        f"/api/v1/adverse-events/{bruise.id}/amendments",
        {"reason": "It followed the session", "follows_session_ids": [session.id]},
        practitioner,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["follows_session_ids"] == [session.id]
    assert body["amendments"][0]["changes"] == {
        "follows_sessions": [[], [session.id]],
        "follows_lots": [[], sorted([caffeine_lot.id, silicon_lot.id])],
    }


def test_a_future_onset_is_refused_naming_the_field(patient, practitioner, today):
    response = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today, onset_on=(today + timedelta(days=1)).isoformat()),
        practitioner,
    )

    assert response.status_code == 422
    assert response.json() == {"errors": {"onset_on": "The onset date cannot be in the future."}}


def test_an_unknown_type_or_severity_is_refused(patient, practitioner, today):
    url = f"/api/v1/patients/{patient.id}/adverse-events"

    assert (
        "event_type" in post(url, new_event(today, event_type="x"), practitioner).json()["errors"]
    )
    assert (
        "severity" in post(url, new_event(today, severity="fatal"), practitioner).json()["errors"]
    )


def test_a_follow_up_with_the_outcome_resolved_resolves_the_event(bruise, practitioner, today):
    response = post(
        f"/api/v1/adverse-events/{bruise.id}/follow-ups",
        {"noted_on": today.isoformat(), "outcome": "resolved"},
        practitioner,
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["event_status"], body["resolved_on"]) == ("resolved", today.isoformat())
    assert body["follow_ups"][0]["outcome"] == "resolved"


def test_a_follow_up_without_a_note_is_refused_unless_resolved(bruise, practitioner, today):
    response = post(
        f"/api/v1/adverse-events/{bruise.id}/follow-ups",
        {"noted_on": today.isoformat(), "outcome": "worse"},
        practitioner,
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"note": "Say what you found at the follow-up."}


def test_the_follow_up_list_shows_overdue_events_with_days_overdue(
    old_bruise, bruise, practitioner, riverside
):
    response = get(f"/api/v1/clinics/{riverside.id}/adverse-events/follow-up", practitioner)

    assert response.status_code == 200
    body = response.json()
    assert body["review_days"] == 7
    assert [(row["event"]["id"], row["days_overdue"]) for row in body["events"]] == [
        (old_bruise.id, 1)
    ]
    assert body["events"][0]["event"]["needs_follow_up"] is True


def test_only_the_clinic_admin_can_review_through_the_api(serious, practitioner, clinic_admin):
    refused = post(f"/api/v1/adverse-events/{serious.id}/review", {"note": "ok"}, practitioner)
    assert refused.status_code == 404

    response = post(f"/api/v1/adverse-events/{serious.id}/review", {"note": "Called"}, clinic_admin)

    assert response.status_code == 201
    body = response.json()
    assert body["awaiting_review"] is False
    assert body["review"]["author"] == "riverside.admin"
    assert body["review"]["note"] == "Called"


def test_an_amendment_changes_only_what_is_sent_and_keeps_the_original(bruise, practitioner):
    response = post(
        f"/api/v1/adverse-events/{bruise.id}/amendments",
        {"reason": "Looked again", "severity": "severe", "ctcae_grade": 3},
        practitioner,
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["severity"], body["ctcae_grade"], body["serious"]) == ("severe", 3, True)
    assert body["side"] == "left"
    assert body["amendments"][0]["changes"] == {
        "severity": ["mild", "severe"],
        "ctcae_grade": [None, 3],
        "serious": [False, True],
    }


def test_an_amendment_with_null_reopens_a_resolved_event(bruise, practitioner, today):
    post(
        f"/api/v1/adverse-events/{bruise.id}/follow-ups",
        {"noted_on": today.isoformat(), "outcome": "resolved"},
        practitioner,
    )

    response = post(
        f"/api/v1/adverse-events/{bruise.id}/amendments",
        {"reason": "resolved by mistake", "resolved_on": None, "severity": None},
        practitioner,
    )

    assert response.status_code == 201
    assert (response.json()["event_status"], response.json()["severity"]) == ("ongoing", "mild")


def test_entered_in_error_through_the_api_keeps_the_event(bruise, practitioner):
    response = post(
        f"/api/v1/adverse-events/{bruise.id}/entered-in-error", {"reason": "dup"}, practitioner
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_reason"]) == (
        "entered_in_error",
        "dup",
    )


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_every_endpoint_is_not_found_for_anyone_without_clinical_access(
    serious, patient, who, request, today
):
    user = request.getfixturevalue(who)
    reads = [
        f"/api/v1/patients/{patient.id}/adverse-events",
        f"/api/v1/adverse-events/{serious.id}",
        f"/api/v1/clinics/{patient.clinic_id}/adverse-events/follow-up",
    ]
    writes = [
        (f"/api/v1/patients/{patient.id}/adverse-events", new_event(today)),
        (
            f"/api/v1/adverse-events/{serious.id}/follow-ups",
            {"noted_on": today.isoformat(), "outcome": "worse", "note": "x"},
        ),
        (f"/api/v1/adverse-events/{serious.id}/review", {"note": "x"}),
        (f"/api/v1/adverse-events/{serious.id}/amendments", {"reason": "x", "severity": "mild"}),
        (f"/api/v1/adverse-events/{serious.id}/entered-in-error", {"reason": "x"}),
    ]
    for url in reads:
        assert get(url, user).status_code == 404, url
    for url, body in writes:
        assert post(url, body, user).status_code == 404, url
    assert AdverseEvent.objects.count() == 1
    assert not AdverseEventFollowUp.objects.exists()
    assert not SeriousEventReview.objects.exists()


def test_a_browser_session_without_the_csrf_token_cannot_write(
    serious, patient, clinic_admin, today
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinic_admin)
    writes = [
        (f"/api/v1/patients/{patient.id}/adverse-events", new_event(today)),
        (f"/api/v1/adverse-events/{serious.id}/review", {"note": "x"}),
        (
            f"/api/v1/adverse-events/{serious.id}/follow-ups",
            {"noted_on": today.isoformat(), "outcome": "resolved"},
        ),
    ]
    for url, body in writes:
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 403, url
    assert AdverseEvent.objects.count() == 1
    assert not SeriousEventReview.objects.exists()


def test_api_reads_are_audited_as_api_reads(bruise, patient, practitioner, riverside):
    for url in (
        f"/api/v1/adverse-events/{bruise.id}",
        f"/api/v1/patients/{patient.id}/adverse-events",
        f"/api/v1/clinics/{riverside.id}/adverse-events/follow-up",
    ):
        before = AuditEvent.objects.filter(action=Action.READ, via="api").count()
        get(url, practitioner)
        assert AuditEvent.objects.filter(action=Action.READ, via="api").count() > before, url


def test_free_text_comes_back_as_data_not_markup(patient, practitioner, today):
    body = post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        new_event(today, description=XSS),
        practitioner,
    )

    assert body.json()["description"] == XSS
    assert body["Content-Type"] == "application/json; charset=utf-8"
    assert ESCAPED not in body.content
