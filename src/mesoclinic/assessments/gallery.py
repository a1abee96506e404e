"""A patient's photos of both kinds (assessment photos and photos after a session) as one
dated list, for the comparison page and for reports.

Only photos in use are listed (not those entered in error), scoped to the clinics where
the actor has clinical access. The caller has read the patient (or the course) through its
access selector, which audited the read; each image is then read through the photo views,
which audit every read.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.urls import reverse

from mesoclinic.access import Capability, scoped
from mesoclinic.assessments.models import Photo, PhotoKind, PhotoUse, Pose
from mesoclinic.assessments.photo_files import photo_path
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import SessionPhoto
from mesoclinic.courses.models import Course
from mesoclinic.patients.models import Patient, RecordStatus


@dataclass(frozen=True)
class PatientPhoto:
    # "a12" or "s5": one key space for both kinds, used by the comparison's pickers.
    key: str
    kind: PhotoKind
    id: int
    pose: str
    pose_label: str
    taken_on: date
    # What the photo was taken at: "Initial assessment", "Session 3".
    caption: str
    uses: tuple[str, ...]
    image_url: str
    thumbnail_url: str
    file_name: str
    width: int
    height: int

    @property
    def path(self) -> Path:
        """The stored JPEG, for a report that embeds the image."""
        return photo_path(self.file_name)


def _assessment_photo(photo: Photo) -> PatientPhoto:
    return PatientPhoto(
        key=f"a{photo.id}",
        kind=PhotoKind.ASSESSMENT,
        id=photo.id,
        pose=photo.pose,
        pose_label=Pose(photo.pose).label,
        taken_on=photo.assessment.assessed_on,
        caption=f"{photo.assessment.get_kind_display()} assessment",
        uses=tuple(photo.uses),
        image_url=reverse("assessments:photo", kwargs={"photo_id": photo.id}),
        thumbnail_url=reverse("assessments:photo_thumbnail", kwargs={"photo_id": photo.id}),
        file_name=photo.file_name,
        width=photo.width,
        height=photo.height,
    )


def _session_photo(photo: SessionPhoto) -> PatientPhoto:
    return PatientPhoto(
        key=f"s{photo.id}",
        kind=PhotoKind.SESSION,
        id=photo.id,
        pose=photo.pose,
        pose_label=Pose(photo.pose).label,
        taken_on=photo.session.performed_on,
        caption=f"Session {photo.session.number}",
        uses=tuple(photo.uses),
        image_url=reverse("charting:photo", kwargs={"session_photo_id": photo.id}),
        thumbnail_url=reverse("charting:photo_thumbnail", kwargs={"session_photo_id": photo.id}),
        file_name=photo.file_name,
        width=photo.width,
        height=photo.height,
    )


def photo_order(photo: PatientPhoto) -> tuple[date, int, int]:
    # On one day the assessment comes before the session's after-photo.
    return (photo.taken_on, 0 if photo.kind == PhotoKind.ASSESSMENT else 1, photo.id)


def patient_photos(
    actor: Actor, patient: Patient, course: Course | None = None
) -> list[PatientPhoto]:
    """The patient's photos in use, oldest first. With a course: the photos of the
    assessments it was planned from (each block's) and of its sessions."""
    assessment_photos = scoped(Photo.objects.all(), actor, Capability.CLINICAL).filter(
        patient_id=patient.id,
        status=RecordStatus.ACTIVE,
        assessment__status=RecordStatus.ACTIVE,
    )
    session_photos = scoped(SessionPhoto.objects.all(), actor, Capability.CLINICAL).filter(
        patient_id=patient.id,
        status=RecordStatus.ACTIVE,
        session__status=RecordStatus.ACTIVE,
    )
    if course is not None:
        planned_from = {
            course.assessment_id,
            *course.blocks.values_list("assessment_id", flat=True),
        }
        assessment_photos = assessment_photos.filter(assessment_id__in=planned_from)
        session_photos = session_photos.filter(session__course_id=course.id)
    photos = [
        *(_assessment_photo(photo) for photo in assessment_photos.select_related("assessment")),
        *(_session_photo(photo) for photo in session_photos.select_related("session")),
    ]
    return sorted(photos, key=photo_order)


def photos_for_report(
    actor: Actor, *, patient: Patient, course: Course | None = None
) -> list[PatientPhoto]:
    """The photos the patient agreed may appear in a progress report given to them
    (`report` consent), oldest first; with a course, only that course's photos. The caller
    has read the patient or the course through its access selector. A report embeds the
    image files themselves (`PatientPhoto.path`), so this read is audited here."""
    if course is not None and course.patient_id != patient.id:
        raise ValueError("The course is not this patient's.")
    with transaction.atomic():
        chosen = [
            photo
            for photo in patient_photos(actor, patient, course)
            if PhotoUse.REPORT in photo.uses
        ]
        if chosen:
            audit_record(
                actor=actor,
                action=Action.READ,
                target="photos for a report",
                clinic_id=patient.clinic_id,
                patient_id=patient.id,
            )
    return chosen


def pose_guides(actor: Actor, patient: Patient, course: Course | None = None) -> dict[str, str]:
    """For each pose with a baseline photo, the address of that photo, shown faintly over a
    new shot so the patient stands the same way. The baseline is the course's first
    assessment when there is a course and it has the pose, else the patient's first
    assessment with that pose."""
    photos = [
        photo for photo in patient_photos(actor, patient) if photo.kind == PhotoKind.ASSESSMENT
    ]
    course_ids: set[int] = set()
    if course is not None:
        course_ids = set(
            scoped(Photo.objects.all(), actor, Capability.CLINICAL)
            .filter(assessment_id=course.assessment_id)
            .values_list("id", flat=True)
        )
    guides: dict[str, str] = {}
    # Course baseline first, then the patient's oldest: the first found for a pose wins.
    for photo in [p for p in photos if p.id in course_ids] + photos:
        guides.setdefault(photo.pose, photo.image_url)
    return guides
