"""Post-session photos: the assessment photo pipeline (checks, re-encoding, EXIF removal,
generated names), attached to a chart."""

from collections.abc import Collection
from typing import IO

from django.db import transaction

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.assessments.images import clean_image, read_capped
from mesoclinic.assessments.models import PhotoUse, Pose
from mesoclinic.assessments.photo_consent import check_uses
from mesoclinic.assessments.photo_files import (
    max_pixels,
    max_upload_bytes,
    remove_files,
    write_photo,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import SessionPhoto, TreatmentSession
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import RecordStatus


def session_photo_add(
    *,
    actor: Actor,
    session: TreatmentSession,
    pose: str,
    upload: IO[bytes],
    uses: Collection[str] = (PhotoUse.RECORD,),
) -> SessionPhoto:
    """Store the photo with the uses the patient agreed to (the record only, unless told)."""
    consent = check_uses(uses)
    if pose not in Pose.values:
        raise DomainError("pose", f"Choose one of the standard poses: {', '.join(Pose.values)}.")
    session = get_in_clinics_or_404(
        scoped(TreatmentSession.objects.all(), actor, Capability.CLINICAL),
        id=session.id,
        status=RecordStatus.ACTIVE,
    )
    # The slow part, outside the transaction: nothing is locked while Pillow works.
    image = clean_image(read_capped(upload, max_upload_bytes()), max_pixels=max_pixels())
    file_name, thumbnail_name = write_photo(image)
    try:
        with transaction.atomic():
            photo = SessionPhoto.objects.create(
                patient_id=session.patient_id,
                clinic_id=session.clinic_id,
                author=actor.user,
                session=session,
                pose=pose,
                may_use_in_report=consent.report,
                may_use_in_marketing=consent.marketing,
                file_name=file_name,
                thumbnail_name=thumbnail_name,
                width=image.width,
                height=image.height,
                byte_size=len(image.photo),
            )
            audit_record(
                actor=actor,
                action=Action.CREATE,
                target=f"photo {photo.id} of chart {session.id}",
                clinic_id=session.clinic_id,
                patient_id=session.patient_id,
            )
    except BaseException:
        remove_files(file_name, thumbnail_name)
        raise
    return photo


def access_session_photo(actor: Actor, photo_id: int) -> SessionPhoto:
    with transaction.atomic():
        photo = get_in_clinics_or_404(
            scoped(SessionPhoto.objects.all(), actor, Capability.CLINICAL),
            id=photo_id,
            status=RecordStatus.ACTIVE,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"session photo {photo.id}",
            clinic_id=photo.clinic_id,
            patient_id=photo.patient_id,
        )
    return photo


def session_photos(session: TreatmentSession) -> list[SessionPhoto]:
    """The photos of a chart the caller has already read through `access_session`."""
    return list(session.photos.filter(status=RecordStatus.ACTIVE))
