"""The progress report a patient takes home: the progress page's own change sentences,
charts (the same SVG) and figures, and only the photos the patient agreed may appear in a
report given to them."""

import base64
from dataclasses import dataclass
from datetime import date
from typing import Any

from mesoclinic.assessments.gallery import PatientPhoto, photos_for_report
from mesoclinic.assessments.photo_files import photo_path
from mesoclinic.audit.actor import Actor
from mesoclinic.progress.presenters import page_context
from mesoclinic.progress.selectors import CourseProgressView


@dataclass(frozen=True)
class ReportPhoto:
    caption: str
    pose_label: str
    taken_on: date
    data_url: str  # "" when the stored file cannot be read


def _image_data_url(photo: PatientPhoto) -> str:
    """The photo's stored thumbnail (480 px, enough for half a printed page) inlined, so
    the document fetches nothing; the full photo would make the PDF many times larger."""
    thumbnail = photo_path(photo.file_name.removesuffix(".jpg") + "-thumb.jpg")
    try:
        content = thumbnail.read_bytes()
    except OSError:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(content).decode("ascii")


def report_photos(actor: Actor, view: CourseProgressView) -> list[ReportPhoto]:
    course = view.course
    return [
        ReportPhoto(
            caption=photo.caption,
            pose_label=photo.pose_label,
            taken_on=photo.taken_on,
            data_url=_image_data_url(photo),
        )
        for photo in photos_for_report(actor, patient=course.patient, course=course)
    ]


def progress_report_context(actor: Actor, view: CourseProgressView) -> dict[str, Any]:
    shown = page_context(view)
    # The non-responder review and its decisions are the practitioner's, not the patient's.
    keys = ("course", "progress", "index_label", "changes", "charts", "areas")
    return {
        **{key: shown[key] for key in keys},
        "photos": report_photos(actor, view),
    }
