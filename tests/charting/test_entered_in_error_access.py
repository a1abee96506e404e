"""Marking a chart entered in error through the API, and who may: clinical staff of the
chart's clinic only ("not yours" is 404), by POST with the CSRF token."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from mesoclinic.patients.models import RecordStatus
from mesoclinic.web.tokens import token_create
from tests.charting.conftest import WRONG_PATIENT as REASON
from tests.charting.conftest import mark_on_page as mark
from tests.conftest import actor, client_for


@pytest.fixture
def session(wrong_chart):
    return wrong_chart


def api_mark(session, user, reason=REASON):
    _, token = token_create(actor=actor(user), user=user)
    return Client().post(
        f"/api/v1/sessions/{session.id}/entered-in-error",
        json.dumps({"reason": reason}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_api_marks_the_chart_and_answers_with_its_status(session, practitioner, active):
    response = api_mark(session, practitioner)

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["status_reason"]) == (
        session.id,
        "entered_in_error",
        REASON,
    )
    assert body["status_changed_by"] == "riverside.practitioner"
    assert body["status_changed_at"] is not None
    active.refresh_from_db()
    assert active.sessions_done_total == 0


def test_the_api_refuses_an_empty_reason_and_a_second_mark_with_a_message(session, practitioner):
    empty = api_mark(session, practitioner, reason=" ")
    assert empty.status_code == 422
    assert empty.json()["errors"]["reason"].startswith("Say why this chart was entered in error")

    assert api_mark(session, practitioner).status_code == 200
    again = api_mark(session, practitioner)
    assert again.status_code == 422
    assert "already marked" in again.json()["errors"]["session"]


def test_the_api_refuses_fields_the_server_owns(session, practitioner):
    _, token = token_create(actor=actor(practitioner), user=practitioner)
    response = Client().post(
        f"/api/v1/sessions/{session.id}/entered-in-error",
        json.dumps({"reason": REASON, "status_changed_by": "someone"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 422
    session.refresh_from_db()
    assert session.status == RecordStatus.ACTIVE


# -- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["front_desk", "outsider", "chain_manager"])
def test_anyone_without_clinical_access_to_the_clinic_gets_404_on_page_and_api(
    request, who, session, caffeine_lot
):
    user = request.getfixturevalue(who)
    client = client_for(user)

    assert client.get(f"/sessions/{session.id}/").status_code == 404
    assert mark(client, session).status_code == 404
    assert api_mark(session, user).status_code == 404
    session.refresh_from_db()
    assert session.status == RecordStatus.ACTIVE
    caffeine_lot.refresh_from_db()
    assert caffeine_lot.on_hand_ml == Decimal("6")


def test_the_form_is_a_post_protected_against_csrf(practitioner, session):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    assert b"csrfmiddlewaretoken" in strict.get(f"/sessions/{session.id}/").content
    assert mark(strict, session).status_code == 403
    assert strict.get(f"/sessions/{session.id}/entered-in-error/").status_code == 405
    api = strict.post(
        f"/api/v1/sessions/{session.id}/entered-in-error",
        json.dumps({"reason": REASON}),
        content_type="application/json",
    )
    assert api.status_code == 403
    session.refresh_from_db()
    assert session.status == RecordStatus.ACTIVE
