"""A signed chart is never overwritten: a correction is an amendment, original kept."""

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.models import SessionAmendment, TreatmentSession
from tests.charting.conftest import chart_form
from tests.conftest import client_for


@pytest.fixture
def session(logged_in, active, caffeine_lot, today):
    response = logged_in.post(
        f"/courses/{active.id}/chart/", chart_form([(caffeine_lot, "1")], today)
    )
    assert response.status_code == 302
    return TreatmentSession.objects.get()


def amend_form(**overrides):
    values = {
        "technique": "papule",
        "depth_mm": "2",
        "needle_gauge": "30",
        "needle_length_mm": "4",
        "duration_minutes": "55",
        "notes": "",
        "reason": "Wrote nappage by mistake",
    }
    values.update(overrides)
    return values


def test_an_amendment_keeps_the_original_with_who_when_and_why(logged_in, session):
    response = logged_in.post(f"/sessions/{session.id}/amend/", amend_form())

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.technique, session.duration_minutes) == ("papule", 55)
    amendment = SessionAmendment.objects.get()
    assert amendment.changes["technique"] == ["nappage", "papule"]
    assert amendment.reason == "Wrote nappage by mistake"
    assert AuditEvent.objects.filter(action=Action.AMEND, target=f"chart {session.id}").exists()
    page = logged_in.get(f"/sessions/{session.id}/").content.decode()
    assert "Wrote nappage by mistake" in page


def test_an_amendment_needs_a_reason_and_a_change(logged_in, session):
    no_reason = logged_in.post(f"/sessions/{session.id}/amend/", amend_form(reason=""))
    assert "reason" in no_reason.context["form"].errors

    unchanged = logged_in.post(
        f"/sessions/{session.id}/amend/",
        amend_form(technique="nappage", depth_mm="3", duration_minutes="60", reason="nothing"),
    )
    assert "Nothing differs" in str(unchanged.context["form"].errors)
    assert not SessionAmendment.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_no_one_else_can_amend_a_chart(request, role, session):
    other = client_for(request.getfixturevalue(role))

    assert other.get(f"/sessions/{session.id}/amend/").status_code == 404
    assert other.post(f"/sessions/{session.id}/amend/", amend_form()).status_code == 404


def test_amending_needs_the_csrf_token(practitioner, session):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    assert strict.post(f"/sessions/{session.id}/amend/", amend_form()).status_code == 403
