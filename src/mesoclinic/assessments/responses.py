"""A photo as an HTTP response, for the pages and the API alike."""

from django.http import FileResponse, Http404

from mesoclinic.assessments.models import Photo
from mesoclinic.assessments.photo_files import photo_path


def photo_response(photo: Photo, *, thumbnail: bool) -> FileResponse:
    """The stored JPEG, never cached, under a generated name (not the uploaded one)."""
    name = photo.thumbnail_name if thumbnail else photo.file_name
    try:
        handle = photo_path(name).open("rb")
    except (OSError, ValueError):
        raise Http404("No such photo file.") from None
    suffix = "-thumbnail" if thumbnail else ""
    response = FileResponse(
        handle, content_type="image/jpeg", filename=f"photo-{photo.id}{suffix}.jpg"
    )
    response["Content-Disposition"] = f'inline; filename="photo-{photo.id}{suffix}.jpg"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
