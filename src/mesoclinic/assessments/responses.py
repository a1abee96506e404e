"""A photo as an HTTP response, for the pages and the API alike."""

from typing import Protocol

from django.http import FileResponse, Http404

from mesoclinic.assessments.photo_files import photo_path


class StoredPhoto(Protocol):
    id: int
    file_name: str
    thumbnail_name: str


def photo_response(photo: StoredPhoto, *, thumbnail: bool, kind: str = "photo") -> FileResponse:
    """The stored JPEG, never cached, under a generated name (not the uploaded one)."""
    name = photo.thumbnail_name if thumbnail else photo.file_name
    try:
        handle = photo_path(name).open("rb")
    except (OSError, ValueError):
        raise Http404("No such photo file.") from None
    file_name = f"{kind}-{photo.id}{'-thumbnail' if thumbnail else ''}.jpg"
    response = FileResponse(handle, content_type="image/jpeg", filename=file_name)
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
