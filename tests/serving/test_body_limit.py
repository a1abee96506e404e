"""A request announcing a body past the photo limit plus 1 MiB is refused with 413 before
its body is read; up to that size it goes through."""

from django.test import Client


def test_a_page_refuses_a_body_announced_past_the_limit_with_413(settings, db):
    settings.MESOCLINIC_MAX_BODY_BYTES = 1000

    response = Client().post(
        "/login/", "x" * 1001, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 413
    assert response.content.decode() == "The request body is too large."


def test_the_api_refuses_a_body_announced_past_the_limit_with_413_json(settings, db):
    settings.MESOCLINIC_MAX_BODY_BYTES = 1000

    response = Client().post("/api/v1/patients", "x" * 1001, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}


def test_a_body_at_the_limit_reaches_the_app(settings, db):
    settings.MESOCLINIC_MAX_BODY_BYTES = 1000

    response = Client().post("/api/v1/patients", "x" * 1000, content_type="application/json")

    assert response.status_code == 401


def test_the_limit_is_the_photo_limit_plus_one_mebibyte(settings):
    assert settings.MESOCLINIC_MAX_BODY_BYTES == settings.MESOCLINIC_PHOTO_MAX_BYTES + 1024 * 1024
