"""An adverse event of a Riverside patient follows only Riverside sessions and the lots
used in them; a Hillcrest lot named by a user of both clinics is refused without naming it."""

import json

import pytest
from django.test import Client

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.domain.errors import DomainError
from tests.adverse_events.conftest import chart, record
from tests.charting.test_api import bearer


def test_a_lot_of_another_clinic_is_refused_and_not_named_on_the_adverse_event_api(
    both_clinics, patient, active, caffeine_lot, hillcrest_lot, today
):
    session = chart(active, both_clinics, [caffeine_lot])

    response = Client().post(
        f"/api/v1/patients/{patient.id}/adverse-events",
        json.dumps(
            {
                "event_type": "bruising",
                "severity": "mild",
                "area": "thighs",
                "side": "left",
                "onset_on": today.isoformat(),
                "follows_session_ids": [session.id],
                "follows_lot_ids": [hillcrest_lot.id],
            }
        ),
        content_type="application/json",
        headers=bearer(both_clinics),
    )

    assert response.status_code == 422
    message = response.json()["errors"]["follows_lots"]
    assert "Not used in the chosen sessions" in message
    assert "HILL-1" not in message
    assert not AdverseEvent.objects.exists()


def test_a_lot_of_another_clinic_is_refused_by_the_adverse_event_service(
    both_clinics, patient, active, caffeine_lot, hillcrest_lot, today
):
    session = chart(active, both_clinics, [caffeine_lot])

    with pytest.raises(DomainError) as refused:
        record(
            patient,
            both_clinics,
            follows_session_ids=[session.id],
            follows_lot_ids=[caffeine_lot.id, hillcrest_lot.id],
        )

    assert refused.value.field == "follows_lots"
    assert "HILL-1" not in refused.value.message
    assert not AdverseEvent.objects.exists()
