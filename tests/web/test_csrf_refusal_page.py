"""A form sent without its CSRF token (a page left open past the log-out, a blocked cookie)
is refused with the project's own page, which says what to do, not Django's page about
DEBUG=True."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("logged_in", [True, False])
def test_a_form_sent_without_its_csrf_token_gets_the_project_s_refusal_page(
    practitioner, settings, logged_in
):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    if logged_in:
        client.force_login(practitioner)

    response = client.post("/patients/new/", {"given_name": "Ada"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in body
    assert "reload the page and send it again" in body
    assert "DEBUG" not in body
    assert "Ada" not in body
    assert ("riverside.practitioner" in body) is logged_in
