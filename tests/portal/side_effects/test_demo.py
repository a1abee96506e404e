"""The demo patient has reported a bruise: she sees it in the portal, waiting for the
clinic, and Riverside's follow-up list shows it awaiting review."""

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.demo.organisation import DEMO_PASSWORD
from tests.conftest import client_for


def test_the_demo_patients_bruise_is_in_her_portal_and_on_the_follow_up_list(db):
    call_command("demo")

    event = AdverseEvent.objects.get(reported_by_patient=True)
    assert list(event.follows_sessions.values_list("performed_on", flat=True)) == [event.onset_on]
    client = Client()
    client.post(
        "/portal/sign-in/", {"username": "demo.patient@example.org", "password": DEMO_PASSWORD}
    )
    assert "Sent: waiting for the clinic" in client.get("/portal/side-effects/").content.decode()

    practitioner = client_for(User.objects.get(username="riverside.practitioner"))
    page = practitioner.get(f"/clinics/{event.clinic_id}/adverse-events/follow-up/")
    assert "reported by the patient, awaiting review" in page.content.decode()
