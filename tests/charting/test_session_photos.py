"""Photos after a session: stored like assessment photos, served only to clinical staff."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.models import SessionPhoto, TreatmentSession
from tests.charting.conftest import chart_form
from tests.conftest import client_for


def jpeg(name="after.jpg") -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 150, 130)).save(data, format="JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


@pytest.fixture
def session(logged_in, active, caffeine_lot, today):
    logged_in.post(f"/courses/{active.id}/chart/", chart_form([(caffeine_lot, "1")], today))
    return TreatmentSession.objects.get()


def upload(client, session, file):
    return client.post(f"/sessions/{session.id}/photos/", {"pose": "back_relaxed", "photo": file})


def test_a_photo_after_the_session_is_stored_under_a_generated_name_and_served_privately(
    logged_in, session, settings
):
    assert upload(logged_in, session, jpeg("../../evil.py.jpg")).status_code == 302

    photo = SessionPhoto.objects.get()
    assert "evil" not in photo.file_name
    assert (settings.MEDIA_ROOT / "photos" / photo.file_name).exists()
    response = logged_in.get(f"/session-photos/{photo.id}/")
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action=Action.READ, target=f"session photo {photo.id}"
    ).exists()
    assert b"Photo after the session" in logged_in.get(f"/sessions/{session.id}/").content


def test_a_file_that_is_not_an_image_is_refused(logged_in, session):
    html = SimpleUploadedFile(
        "x.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )

    upload(logged_in, session, html)

    assert not SessionPhoto.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_no_one_else_sees_or_adds_session_photos(request, role, logged_in, session):
    upload(logged_in, session, jpeg())
    photo = SessionPhoto.objects.get()
    other = client_for(request.getfixturevalue(role))

    assert other.get(f"/session-photos/{photo.id}/").status_code == 404
    assert other.get(f"/session-photos/{photo.id}/thumbnail/").status_code == 404
    assert upload(other, session, jpeg()).status_code == 404


def test_uploading_needs_the_csrf_token(practitioner, session):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    assert upload(strict, session, jpeg()).status_code == 403
