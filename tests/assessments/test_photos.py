"""Photos: only real images are kept, re-encoded without metadata, under generated names
inside MEDIA_ROOT, and served only to clinical staff of the patient's clinic."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image

from mesoclinic.assessments.models import Photo
from mesoclinic.assessments.services import photo_add, photo_mark_entered_in_error
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.domain.errors import DomainError
from tests.assessments.conftest import jpeg_bytes, upload
from tests.conftest import actor, client_for


def stored(photo: Photo, settings, thumbnail: bool = False) -> Path:
    name = photo.thumbnail_name if thumbnail else photo.file_name
    return Path(settings.MEDIA_ROOT) / "photos" / name


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "TestCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def add(user, assessment, data: bytes, name: str = "photo.jpg", pose: str = "back_relaxed"):
    return photo_add(actor=actor(user), assessment=assessment, pose=pose, upload=upload(data, name))


def post_photo(client, assessment, data: bytes, name: str = "photo.jpg", **fields):
    return client.post(
        f"/assessments/{assessment.id}/photos/",
        {"pose": "back_relaxed", "file": SimpleUploadedFile(name, data), **fields},
    )


def test_a_photo_uploaded_on_the_page_is_stored_and_shown(practitioner, assessment, settings):
    response = post_photo(client_for(practitioner), assessment, jpeg_bytes())

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert stored(photo, settings).is_file()
    assert stored(photo, settings, thumbnail=True).is_file()
    page = client_for(practitioner).get(f"/assessments/{assessment.id}/")
    assert f"/photos/{photo.id}/thumbnail/".encode() in page.content


def test_the_gps_position_in_the_exif_is_gone_from_the_stored_file(
    practitioner, assessment, settings
):
    original = jpeg_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    photo = add(practitioner, assessment, original)

    for path in (stored(photo, settings), stored(photo, settings, thumbnail=True)):
        with Image.open(path) as kept:
            assert not kept.getexif().get_ifd(ExifTags.IFD.GPSInfo)
            assert len(kept.getexif()) == 0
        assert b"TestCam" not in path.read_bytes()


def test_the_exif_orientation_is_applied_so_the_photo_stays_upright(
    practitioner, assessment, settings
):
    # Stored sideways (60 wide, 20 high) with "rotate 90° clockwise to view" in the EXIF.
    photo = add(practitioner, assessment, jpeg_bytes(size=(60, 20), exif=gps_exif(orientation=6)))

    with Image.open(stored(photo, settings)) as kept:
        assert kept.size == (20, 60)
    assert (photo.width, photo.height) == (20, 60)


def test_a_png_with_transparency_is_kept_as_a_jpeg(practitioner, assessment, settings):
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(buffer, "PNG")

    photo = add(practitioner, assessment, buffer.getvalue(), name="shot.png")

    with Image.open(stored(photo, settings)) as kept:
        assert kept.format == "JPEG"
        assert kept.getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "photo.html"),
        (b"<!doctype html><html><script>alert(1)</script></html>", "photo.jpg"),
        (b"import os\nos.system('echo owned')\n", "holiday.jpg"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message(
    practitioner, assessment, settings, content, name
):
    response = post_photo(client_for(practitioner), assessment, content, name=name)

    assert response.status_code == 422
    assert "This file is not a photo" in response.context["photo_form"].errors["file"][0]
    assert b"This file is not a photo" in response.content
    assert not Photo.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_a_damaged_jpeg_is_refused(practitioner, assessment):
    with pytest.raises(DomainError) as refused:
        add(practitioner, assessment, jpeg_bytes()[:200])
    assert refused.value.field == "file"


def test_a_traversal_file_name_is_stored_under_a_generated_name_inside_media_root(
    practitioner, assessment, settings, tmp_path
):
    photo = add(practitioner, assessment, jpeg_bytes(), name="../../x.py")
    post_photo(client_for(practitioner), assessment, jpeg_bytes(), name="../../../x.py")

    photos_dir = (Path(settings.MEDIA_ROOT) / "photos").resolve()
    for kept in Photo.objects.all():
        for name in (kept.file_name, kept.thumbnail_name):
            path = (photos_dir / name).resolve()
            assert path.parent == photos_dir
            assert "x.py" not in name
            assert path.is_file()
    assert photo.file_name.endswith(".jpg")
    assert not list(tmp_path.rglob("x.py"))
    assert Photo.objects.count() == 2


def test_a_file_over_the_size_limit_is_refused(practitioner, assessment, settings):
    settings.MESOCLINIC_PHOTO_MAX_BYTES = 200

    with pytest.raises(DomainError) as refused:
        add(practitioner, assessment, jpeg_bytes())
    assert "larger than" in refused.value.message


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(
    practitioner, assessment, settings
):
    settings.MESOCLINIC_PHOTO_MAX_PIXELS = 1000

    with pytest.raises(DomainError) as refused:
        add(practitioner, assessment, jpeg_bytes(size=(64, 48)))
    assert "pixels" in refused.value.message
    assert not Photo.objects.exists()


def test_an_unknown_pose_is_refused(practitioner, assessment):
    with pytest.raises(DomainError) as refused:
        add(practitioner, assessment, jpeg_bytes(), pose="selfie")
    assert refused.value.field == "pose"


def test_a_photo_can_be_tied_to_one_of_the_assessments_areas(practitioner, assessment):
    left = assessment.areas.get(side="left")

    photo = photo_add(
        actor=actor(practitioner),
        assessment=assessment,
        pose="left_side",
        upload=upload(jpeg_bytes()),
        area_score_id=left.id,
    )

    assert photo.area_score == left


def test_the_photo_is_served_with_no_store_nosniff_and_an_inline_generated_name(
    practitioner, photo
):
    response = client_for(practitioner).get(f"/photos/{photo.id}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="photo-{photo.id}.jpg"'
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_the_thumbnail_is_served_with_the_same_headers(practitioner, photo):
    response = client_for(practitioner).get(f"/photos/{photo.id}/thumbnail/")

    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("user", ["outsider", "front_desk", "chain_manager"])
@pytest.mark.parametrize("suffix", ["", "thumbnail/"])
def test_staff_without_clinical_access_at_the_clinic_get_404_for_the_photo(
    request, photo, user, suffix
):
    response = client_for(request.getfixturevalue(user)).get(f"/photos/{photo.id}/{suffix}")

    assert response.status_code == 404


def test_an_unknown_photo_id_gives_the_same_404(practitioner):
    assert client_for(practitioner).get("/photos/999999/").status_code == 404


def test_reading_a_photo_writes_an_audit_row(practitioner, photo):
    client_for(practitioner).get(f"/photos/{photo.id}/")
    client_for(practitioner).get(f"/photos/{photo.id}/thumbnail/")

    targets = set(
        AuditEvent.objects.filter(action=Action.READ, patient_id=photo.patient_id).values_list(
            "target", flat=True
        )
    )
    assert {f"photo {photo.id}", f"photo {photo.id} thumbnail"} <= targets


def test_uploading_writes_a_create_audit_row(photo):
    assert AuditEvent.objects.filter(
        action=Action.CREATE, target__startswith=f"photo {photo.id} "
    ).exists()


def test_a_photo_on_a_signed_assessment_is_marked_entered_in_error_not_deleted(
    practitioner, signed, settings
):
    photo = add(practitioner, signed, jpeg_bytes())

    response = client_for(practitioner).post(
        f"/photos/{photo.id}/entered-in-error/", {f"photo{photo.id}-reason": "Wrong patient"}
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.status, photo.status_reason) == ("entered_in_error", "Wrong patient")
    assert stored(photo, settings).is_file()
    assert AuditEvent.objects.filter(
        action=Action.ENTERED_IN_ERROR, target=f"photo {photo.id}"
    ).exists()
    page = client_for(practitioner).get(f"/assessments/{signed.id}/")
    assert b"Entered in error: Wrong patient" in page.content


def test_a_photo_cannot_be_marked_twice(practitioner, photo):
    photo_mark_entered_in_error(actor=actor(practitioner), photo=photo, reason="blurred")
    with pytest.raises(DomainError):
        photo_mark_entered_in_error(actor=actor(practitioner), photo=photo, reason="again")


@pytest.mark.parametrize("user", ["outsider", "front_desk", "chain_manager"])
def test_staff_without_clinical_access_cannot_upload_or_mark_photos(
    request, assessment, photo, user
):
    client = client_for(request.getfixturevalue(user))

    assert post_photo(client, assessment, jpeg_bytes()).status_code == 404
    marked = client.post(f"/photos/{photo.id}/entered-in-error/", {f"photo{photo.id}-reason": "x"})
    assert marked.status_code == 404
    assert Photo.objects.count() == 1


def test_uploads_and_marks_without_a_csrf_token_are_refused(practitioner, assessment, photo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)

    assert post_photo(client, assessment, jpeg_bytes()).status_code == 403
    marked = client.post(f"/photos/{photo.id}/entered-in-error/", {f"photo{photo.id}-reason": "x"})
    assert marked.status_code == 403


def test_there_is_no_way_to_delete_a_photo(practitioner, photo):
    client = client_for(practitioner)

    assert client.delete(f"/photos/{photo.id}/").status_code == 405
    assert client.post(f"/photos/{photo.id}/").status_code == 405
    assert Photo.objects.filter(id=photo.id).exists()
