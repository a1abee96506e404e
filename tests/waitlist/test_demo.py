"""The demo has a waitlist to show: two Riverside patients' sessions wait for an earlier
time, and the desk's page lists them."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from mesoclinic.clinics.models import Clinic
from mesoclinic.waitlist.models import WaitlistEntry
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_desk_sees_two_sessions_waiting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo")
    riverside = Clinic.objects.get(name="Riverside")

    waiting = WaitlistEntry.objects.filter(clinic=riverside, state="waiting")
    page = client_for(User.objects.get(username="riverside.frontdesk")).get(
        reverse("waitlist:board", kwargs={"clinic_id": riverside.id})
    )

    assert waiting.values("patient").distinct().count() == 2
    assert "2 sessions waiting" in page.text
