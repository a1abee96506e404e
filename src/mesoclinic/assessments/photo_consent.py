"""The patient's consent of use for each photo (assessment and session photos alike).

`record` always holds; `report` and `marketing` are the patient's choice, off unless
given. Set at upload and changed later only through `photo_consent_update`, which keeps
who changed it, when, and the uses before and after, with an audit row in the same
transaction.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404

from mesoclinic.access import Capability, capabilities_at
from mesoclinic.assessments.models import Photo, PhotoConsentChange, PhotoKind, PhotoUse
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import SessionPhoto
from mesoclinic.domain.errors import DomainError

AnyPhoto = Photo | SessionPhoto


@dataclass(frozen=True)
class AgreedUses:
    report: bool
    marketing: bool


def check_uses(uses: Collection[str]) -> AgreedUses:
    """The uses a client sent, checked; `record` may be sent or left out, it always holds."""
    unknown = sorted(set(uses) - set(PhotoUse.values))
    if unknown:
        choices = ", ".join(PhotoUse.values)
        raise DomainError("uses", f"'{unknown[0]}' is not a use of a photo: choose from {choices}.")
    return AgreedUses(report=PhotoUse.REPORT in uses, marketing=PhotoUse.MARKETING in uses)


def photo_kind(photo: AnyPhoto) -> PhotoKind:
    return PhotoKind.SESSION if isinstance(photo, SessionPhoto) else PhotoKind.ASSESSMENT


def photo_label(photo: AnyPhoto) -> str:
    """How the audit trail names the photo, matching the photo views' read rows."""
    return f"{'session photo' if isinstance(photo, SessionPhoto) else 'photo'} {photo.id}"


def photo_consent_update(*, actor: Actor, photo: AnyPhoto, uses: Collection[str]) -> AnyPhoto:
    """Record what the patient now agrees the photo may be used for. The caller read the
    photo through its access selector; clinical staff of its clinic only."""
    consent = check_uses(uses)
    model = type(photo)
    with transaction.atomic():
        if Capability.CLINICAL not in capabilities_at(actor, photo.clinic_id):
            raise Http404("No such record.")
        locked: AnyPhoto = model.objects.select_for_update().get(pk=photo.pk)
        before = locked.uses
        locked.may_use_in_report = consent.report
        locked.may_use_in_marketing = consent.marketing
        after = locked.uses
        if before == after:
            return locked
        locked.save(update_fields=["may_use_in_report", "may_use_in_marketing"])
        PhotoConsentChange.objects.create(
            clinic_id=locked.clinic_id,
            patient_id=locked.patient_id,
            photo_kind=photo_kind(locked),
            photo_id=locked.id,
            author=actor.user,
            before=before,
            after=after,
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"{photo_label(locked)} consent of use",
            clinic_id=locked.clinic_id,
            patient_id=locked.patient_id,
        )
    return locked


def consent_changes(photo: AnyPhoto) -> list[PhotoConsentChange]:
    """The photo's consent history, oldest first; the caller has read the photo."""
    return list(
        PhotoConsentChange.objects.filter(
            photo_kind=photo_kind(photo), photo_id=photo.id
        ).select_related("author")
    )


def consent_histories(photos: Sequence[AnyPhoto]) -> dict[int, list[PhotoConsentChange]]:
    """The consent history of each of these photos of one kind, by photo id, in one query;
    the caller has read the photos."""
    if not photos:
        return {}
    found: dict[int, list[PhotoConsentChange]] = {photo.id: [] for photo in photos}
    changes = PhotoConsentChange.objects.filter(
        photo_kind=photo_kind(photos[0]), photo_id__in=list(found)
    ).select_related("author")
    for change in changes:
        found[change.photo_id].append(change)
    return found
