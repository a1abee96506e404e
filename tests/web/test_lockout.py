"""Login hardening: lockout, session rotation, idle timeout, deactivation."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.web.services import user_deactivate
from tests.conftest import PASSWORD, actor, client_for


def attempt(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_repeated_failures_lock_the_username_even_with_the_right_password(settings, practitioner):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "riverside.practitioner", "wrong-password-x")

    response = attempt(client, "riverside.practitioner", PASSWORD)

    assert response.status_code == 429
    assert b"Too many failed log-ins" in response.content
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_audited_without_the_password(practitioner):
    attempt(Client(), "riverside.practitioner", "wrong-password-x")

    row = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert row.actor_name == "riverside.practitioner"
    assert "wrong" not in row.target


def test_a_successful_login_is_audited(practitioner):
    attempt(Client(), "riverside.practitioner", PASSWORD)

    assert AuditEvent.objects.filter(action=Action.LOGIN, actor=practitioner).exists()


def test_an_idle_session_expires(settings, practitioner):
    client = client_for(practitioner)
    assert client.get("/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    assert client.get("/").status_code == 302
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_each_request_pushes_the_idle_deadline_back(practitioner):
    client = Client()
    attempt(client, "riverside.practitioner", PASSWORD)
    first = Session.objects.get().expire_date

    Session.objects.update(expire_date=first - timedelta(minutes=10))
    client.get("/")

    assert Session.objects.get().expire_date > first - timedelta(minutes=1)


def test_deactivating_a_user_ends_all_their_sessions_at_once(clinic_admin, practitioner):
    phone, tablet = Client(), Client()
    attempt(phone, "riverside.practitioner", PASSWORD)
    attempt(tablet, "riverside.practitioner", PASSWORD)
    assert Session.objects.count() == 2

    user_deactivate(actor=actor(clinic_admin), user=practitioner)

    assert Session.objects.count() == 0
    assert phone.get("/").status_code == 302
    assert tablet.get("/").status_code == 302
