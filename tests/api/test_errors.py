"""Under /api/ every answer is JSON, and a caller without credentials gets the same 401
whatever the method; a logged-in browser still needs its CSRF token to change anything."""

import json

import pytest
from django.test import Client

from mesoclinic.patients.models import Patient
from tests.api.conftest import bearer, send

pytestmark = pytest.mark.django_db

NEW_PATIENT = {"given_name": "Mary", "family_name": "Somerville", "date_of_birth": "1980-12-26"}
UNAUTHENTICATED = {"detail": "Log in, or send Authorization: Bearer TOKEN."}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/patients"),
        ("post", "/api/v1/patients"),
        ("post", "/api/v1/patients/search"),
        ("patch", "/api/v1/patients/1"),
        ("post", "/api/v1/courses/1/appointments"),
    ],
)
def test_without_credentials_every_method_gets_the_same_401_json(method, path):
    # A client that is not a browser: it sends no CSRF token, and checks are enforced.
    response = send(method, path, NEW_PATIENT, client=Client(enforce_csrf_checks=True))

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_logged_in_browser_still_needs_the_csrf_token_to_write(practitioner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(practitioner)

    response = send("post", "/api/v1/patients", NEW_PATIENT, client=browser)

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
    assert not Patient.objects.exists()


def test_a_body_over_the_size_limit_gets_413_json(practitioner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {**NEW_PATIENT, "given_name": "M" * 2000}

    response = Client().post(
        "/api/v1/patients",
        json.dumps(body),
        content_type="application/json",
        headers=bearer(practitioner),
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert not Patient.objects.exists()


def test_a_path_that_matches_no_endpoint_gets_404_json(practitioner):
    response = Client().get("/api/v1/no-such-thing", headers=bearer(practitioner))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not Found."}


def test_a_body_that_is_not_json_gets_400_json(practitioner):
    response = Client().post(
        "/api/v1/patients",
        "{not json",
        content_type="application/json",
        headers=bearer(practitioner),
    )

    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/json")


def test_pages_keep_django_s_html_errors(practitioner):
    browser = Client()
    browser.force_login(practitioner)

    response = browser.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
