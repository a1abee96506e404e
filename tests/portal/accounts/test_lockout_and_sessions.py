"""The portal's sign-in follows the staff rules: repeated failures lock the address (and the
client address) out, sessions end when idle, and times show in her clinic's zone."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from mesoclinic.audit.models import Action, AuditEvent
from tests.portal.conftest import PASSWORD


def attempt(client, password, username="ada@example.org"):
    return client.post("/portal/sign-in/", {"username": username, "password": password})


def test_repeated_failures_lock_her_out_even_with_the_right_password(settings, ada_account):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-password-x")

    response = attempt(client, PASSWORD)

    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-ins" in text
    assert 'href="/portal/sign-in/link/"' in text  # a link by email still signs her in
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_of_the_portal_is_the_portals_not_the_staff_ones(settings, ada_account):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = attempt(client, "wrong-password-x")
    text = response.content.decode()
    assert 'class="portal"' in text
    assert "clinic admin" not in text


def test_a_failed_sign_in_is_audited_without_the_password(ada_account):
    attempt(Client(), "wrong-password-x")
    row = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert "wrong" not in row.target


def test_her_session_ends_when_idle_as_staff_sessions_do(ada_account):
    client = Client()
    assert attempt(client, PASSWORD).status_code == 302
    assert client.get("/portal/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/portal/")
    assert response["Location"].startswith("/portal/sign-in/")


def test_signing_in_gives_her_a_new_session_key(ada_account):
    client = Client()
    client.get("/portal/sign-in/")
    before = client.session.session_key
    attempt(client, PASSWORD)
    assert client.session.session_key != before


def test_her_pages_show_times_in_her_clinics_zone(ada_client, riverside):
    riverside.time_zone = "America/New_York"
    riverside.save()
    text = ada_client.get("/portal/").content.decode()
    assert "Times are shown in America/New_York" in text


def test_each_patient_sees_her_own_clinics_zone(ada_client, grace_client, hillcrest):
    hillcrest.time_zone = "Asia/Tokyo"
    hillcrest.save()
    assert "Times are shown in Asia/Tokyo" in grace_client.get("/portal/").content.decode()
    assert "Times are shown in Europe/London" in ada_client.get("/portal/").content.decode()
