from django.contrib.sessions.models import Session
from django.test import Client

from mesoclinic import settings as production_settings
from tests.conftest import PASSWORD


def test_every_page_but_login_and_healthz_needs_a_login(client, db):
    for url in ("/", "/plan/estimate/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_a_practitioner_logs_in_and_reaches_the_dashboard(client, practitioner):
    response = client.post(
        "/login/", {"username": "riverside.practitioner", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/"
    assert b"riverside.practitioner" in response.content


def test_a_wrong_password_gives_the_same_message_as_an_unknown_user(client, practitioner):
    wrong_password = client.post(
        "/login/", {"username": "riverside.practitioner", "password": "not-it-at-all"}
    )
    unknown_user = client.post("/login/", {"username": "nobody.here", "password": "not-it-at-all"})

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == (
        unknown_user.context["form"].non_field_errors()
    )


def test_login_starts_a_new_session_key(client, practitioner):
    client.get("/login/")
    client.session.save()
    before = client.session.session_key

    client.post("/login/", {"username": "riverside.practitioner", "password": PASSWORD})

    assert client.session.session_key != before


def test_logout_is_a_post_and_ends_the_session_on_the_server(logged_in):
    assert logged_in.get("/logout/").status_code == 405
    session_key = logged_in.session.session_key

    logged_in.post("/logout/")

    assert logged_in.get("/").status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()


def test_login_form_enforces_csrf(practitioner):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/login/", {"username": "riverside.practitioner", "password": PASSWORD})

    assert response.status_code == 403


def test_passwords_are_hashed_with_argon2(settings, django_user_model):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS

    user = django_user_model.objects.create_user("someone", password=PASSWORD)

    assert user.password.startswith("argon2")
