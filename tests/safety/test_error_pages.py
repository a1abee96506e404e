"""With DEBUG off, as in production, a failure answers the project's own error page or, under
/api/, a JSON error: never a traceback, never the exception's text (which may hold patient
data), and nothing half written."""

import json

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.safety.error_urls import SECRET


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.safety.error_urls"


@pytest.fixture
def failing_client(practitioner) -> Client:
    client = client_for(practitioner)
    # The test client re-raises a view's exception by default; production answers instead.
    client.raise_request_exception = False
    return client


def _assert_nothing_leaks(body: str) -> None:
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert SECRET not in body
    assert "Lovelace" not in body


def test_an_exception_under_the_api_answers_500_json_without_the_traceback(failing_client):
    response = failing_client.get("/api/v1/failing/boom")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"detail": "Internal Server Error."}
    _assert_nothing_leaks(response.content.decode())


def test_an_exception_in_a_page_answers_the_projects_own_500_page(failing_client):
    response = failing_client.get("/failing/boom/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "nothing it started was" in body
    _assert_nothing_leaks(body)


def test_a_refused_page_answers_the_projects_own_403_page(failing_client):
    response = failing_client.get("/failing/forbidden/")

    body = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in body
    assert 'aria-label="Main"' in body
    _assert_nothing_leaks(body)


def test_a_bad_request_answers_the_projects_own_400_page(failing_client):
    response = failing_client.get("/failing/bad-request/")

    body = response.content.decode()
    assert response.status_code == 400
    assert "Bad request" in body
    _assert_nothing_leaks(body)


def test_a_request_for_an_unknown_host_answers_the_400_page(db):
    response = Client(HTTP_HOST="evil.example", raise_request_exception=False).get("/login/")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_missing_page_answers_the_projects_own_404_page(failing_client):
    response = failing_client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_a_missing_api_path_answers_404_json(failing_client):
    response = failing_client.get("/api/v1/no/such/path")

    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "Not Found."}


def test_a_page_form_without_its_csrf_token_is_refused_without_detail(practitioner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)

    response = client.post("/patients/new/", {"given_name": "Ada"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "Traceback" not in body
    assert "Ada" not in body
