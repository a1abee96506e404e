"""An adverse event of a Riverside patient follows only Riverside sessions and the lots
used in them; a Hillcrest lot named by a user of both clinics is refused without naming it."""

import json

from django.test import Client

from mesoclinic.adverse_events.models import AdverseEvent
from tests.adverse_events.conftest import chart
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
