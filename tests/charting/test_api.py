import json

import pytest
from django.test import Client

from mesoclinic.charting.models import TreatmentSession
from mesoclinic.web.tokens import token_create
from tests.conftest import actor


def bearer(user):
    _, token = token_create(actor=actor(user), user=user)
    return {"Authorization": f"Bearer {token}"}


def body(lots_and_volumes, today, **overrides):
    values = {
        "performed_on": today.isoformat(),
        "areas": [{"area": "thighs", "side": "left"}],
        "applications": [
            {"lot_id": lot.id, "volume_ml": volume} for lot, volume in lots_and_volumes
        ],
        "technique": "papule",
        "depth_mm": "1.5",
        "needle_gauge": 30,
        "needle_length_mm": "4",
        "duration_minutes": 60,
        "recheck": {
            "pregnancy": False,
            "breastfeeding": False,
            "anticoagulant_or_antiplatelet": False,
        },
    }
    values.update(overrides)
    return values


def post(path, payload, headers):
    return Client().post(
        path, json.dumps(payload), content_type="application/json", headers=headers
    )


def test_a_session_is_charted_through_the_api_and_read_back(
    practitioner, active, caffeine_lot, silicon_lot, today
):
    auth = bearer(practitioner)
    created = post(
        f"/api/v1/courses/{active.id}/sessions",
        body([(caffeine_lot, "3"), (silicon_lot, "1.5")], today),
        auth,
    )

    assert created.status_code == 201
    session_id = created.json()["id"]
    read = Client().get(f"/api/v1/sessions/{session_id}", headers=auth).json()
    assert {a["lot_id"] for a in read["applications"]} == {caffeine_lot.id, silicon_lot.id}


def test_every_refusal_is_reported_per_field(practitioner, active, caffeine_lot, today):
    response = post(
        f"/api/v1/courses/{active.id}/sessions",
        body(
            [(caffeine_lot, "9")],
            today,
            recheck={
                "pregnancy": True,
                "breastfeeding": False,
                "anticoagulant_or_antiplatelet": False,
            },
        ),
        bearer(practitioner),
    )

    errors = response.json()["errors"]
    assert response.status_code == 422
    assert "limit of 5 mL" in errors["volume"]
    assert "Pregnant" in errors["screening"]
    assert not TreatmentSession.objects.exists()


def test_server_owned_fields_are_refused(practitioner, active, caffeine_lot, today):
    response = post(
        f"/api/v1/courses/{active.id}/sessions",
        body([(caffeine_lot, "1")], today, signed_at="2020-01-01T00:00:00Z", author=1),
        bearer(practitioner),
    )

    assert response.status_code == 422
    assert {"signed_at", "author"} <= set(response.json()["errors"])


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_other_clinics_and_roles_get_404(request, role, active, caffeine_lot, today):
    auth = bearer(request.getfixturevalue(role))

    assert (
        post(
            f"/api/v1/courses/{active.id}/sessions", body([(caffeine_lot, "1")], today), auth
        ).status_code
        == 404
    )
    assert (
        Client().get(f"/api/v1/lots/{caffeine_lot.id}/recall-report", headers=auth).status_code
        == 404
    )
