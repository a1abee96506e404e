"""Side effects the patient reports herself: the report, and her reads of her reports.

A report becomes an adverse event "reported by the patient", with no severity, awaiting a
practitioner's review (`adverse_events.patient_reports`). It follows her last session
held on or before the onset, and every lot applied in it, so a lot recall finds it. The
type comes from the clinic's protocol, offered in plain words; a type the protocol marks
serious tells her at once to call the clinic or the emergency services.
"""

from dataclasses import dataclass
from datetime import date
from typing import IO

from django.db import models, transaction

from mesoclinic.adverse_events.models import AdverseEvent, AdverseEventPhoto, EventStatus
from mesoclinic.assessments.images import CleanImage, clean_image, read_capped
from mesoclinic.assessments.photo_files import (
    max_pixels,
    max_upload_bytes,
    remove_files,
    write_photo,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import ProductApplication, TreatmentSession
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.adverse import check_onset
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import AdverseEventType, Protocol
from mesoclinic.formulary.models import Lot
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.portal.access import owned_or_404

DESCRIPTION_MAX = 2000

# The protocol's types as a patient would name what she sees. The protocol's own label is
# clinical ("Non-tuberculous mycobacterial infection"); a type not listed here (a clinic's
# own protocol may add some) is offered under that label.
PLAIN_WORDS = {
    "bruising": "A bruise",
    "redness_swelling": "Redness or swelling",
    "burning_pain": "Burning or pain",
    "nodules_itching": "Small lumps under the skin, or itching",
    "hyperpigmentation": "Darker patches of skin",
    "allergic_reaction": "An allergic reaction: rash, hives, or swelling of the face or lips",
    "mycobacterial_infection": "A red, hot or painful lump, or pus, where you were treated",
    "panniculitis": "Hard, tender, red areas deep under the skin",
    "ulceration": "An open sore",
    "necrosis": "Skin turning dark, grey or black",
    "scarring": "A scar",
}


def plain_words(event_type: AdverseEventType) -> str:
    return PLAIN_WORDS.get(event_type.key, event_type.label)


def reportable_types(protocol: Protocol) -> list[AdverseEventType]:
    return list(protocol.adverse_events)


ONSET_IN_FUTURE = "When it started: choose today or an earlier day, not a day in the future."


def call_now_message(clinic: Clinic) -> str:
    """What a serious report tells her at once."""
    phone = f" on {clinic.phone_shown}" if clinic.phone else ""
    return (
        f"This needs to be seen soon: please call the clinic now{phone}. If you have "
        "difficulty breathing, swelling of the face or throat, or feel very unwell, call the "
        "emergency services."
    )


# -- her report ------------------------------------------------------------------------------


def _type_for_her(protocol: Protocol, key: str) -> AdverseEventType:
    for event_type in protocol.adverse_events:
        if event_type.key == key:
            return event_type
    raise DomainError("event_type", "Choose what you noticed from the list.")


def _description(text: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError("description", "Tell us what you notice, where, and how it is changing.")
    if len(text) > DESCRIPTION_MAX:
        raise DomainError("description", f"Keep this to {DESCRIPTION_MAX} characters.")
    return text


def _session_before(patient: Patient, onset_on: date) -> TreatmentSession:
    """Her last session held (charted, not entered in error) on or before the onset."""
    held = TreatmentSession.objects.filter(
        patient_id=patient.id, clinic_id=patient.clinic_id, status=RecordStatus.ACTIVE
    )
    first = held.order_by("performed_on", "id").first()
    if first is None:
        raise DomainError(
            "report",
            "You have had no session at the clinic yet, so there is nothing to report a side "
            "effect of here. If you feel unwell, call the clinic.",
        )
    if onset_on < first.performed_on:
        raise DomainError(
            "onset_on",
            f"Your first session was on {first.performed_on:%d %B %Y}: choose a date on or "
            "after it.",
        )
    last = held.filter(performed_on__lte=onset_on).order_by("-performed_on", "-id").first()
    assert last is not None  # noqa: S101 - the first session is on or before the onset
    return last


def _lots_of(session: TreatmentSession) -> list[Lot]:
    lot_ids = ProductApplication.objects.filter(session=session).values_list("lot_id", flat=True)
    return list(Lot.objects.filter(id__in=set(lot_ids)).order_by("id"))


def _clean_photo(photo: IO[bytes] | None) -> CleanImage | None:
    if photo is None:
        return None
    try:
        return clean_image(read_capped(photo, max_upload_bytes()), max_pixels=max_pixels())
    except DomainError as error:
        raise DomainError("photo", error.message) from None


def side_effect_report(
    *,
    actor: Actor,
    patient: Patient,
    event_type: str,
    onset_on: date,
    description: str,
    photo: IO[bytes] | None = None,
) -> AdverseEvent:
    """Her report, recorded as an adverse event awaiting a practitioner's review. The
    photo, if any, is checked and re-encoded (EXIF removed) before anything is saved, so a
    refused photo leaves no report behind."""
    protocol = clinic_protocol(patient.clinic)
    found_type = _type_for_her(protocol, event_type)
    today = clinic_today(patient.clinic)
    if onset_on > today:
        raise DomainError("onset_on", ONSET_IN_FUTURE)  # in her words, not the clinic's
    check_onset(onset_on, today)
    text = _description(description)
    session = _session_before(patient, onset_on)
    image = _clean_photo(photo)
    names = write_photo(image) if image is not None else None
    try:
        with transaction.atomic():
            low, high = found_type.expected_days or (None, None)
            event = AdverseEvent.objects.create(
                patient=patient,
                clinic_id=patient.clinic_id,
                author=actor.user,
                reported_by_patient=True,
                event_type=found_type.key,
                type_label=found_type.label,
                expected_days_min=low,
                expected_days_max=high,
                type_serious=found_type.serious,
                # Until a practitioner grades it, only the type can make it serious.
                serious=found_type.serious,
                severity="",
                onset_on=onset_on,
                description=text,
                protocol_name=protocol.name,
                protocol_version=protocol.version,
            )
            event.follows_sessions.set([session])
            event.follows_lots.set(_lots_of(session))
            _audit(actor, Action.CREATE, f"adverse event {event.id} reported by the patient", event)
            if image is not None and names is not None:
                _save_photo(actor, event, image, names)
    except BaseException:
        if names is not None:
            remove_files(*names)
        raise
    return event


def _save_photo(
    actor: Actor, event: AdverseEvent, image: CleanImage, names: tuple[str, str]
) -> AdverseEventPhoto:
    photo = AdverseEventPhoto.objects.create(
        patient_id=event.patient_id,
        clinic_id=event.clinic_id,
        author=actor.user,
        event=event,
        file_name=names[0],
        thumbnail_name=names[1],
        width=image.width,
        height=image.height,
        byte_size=len(image.photo),
    )
    _audit(actor, Action.CREATE, f"photo {photo.id} of adverse event {event.id}", event)
    return photo


def _audit(actor: Actor, action: Action, target: str, event: AdverseEvent) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        clinic_id=event.clinic_id,
        patient_id=event.patient_id,
    )


# -- her reads -------------------------------------------------------------------------------


def _her_reports() -> models.QuerySet[AdverseEvent]:
    return AdverseEvent.objects.filter(
        reported_by_patient=True, status=RecordStatus.ACTIVE
    ).select_related("clinic", "report_review")


@dataclass(frozen=True)
class ReportView:
    """One report as she sees it: what, since when, and where it stands, in her words."""

    event: AdverseEvent
    what: str
    state: str
    state_class: str  # the status style: never the only sign of the state
    call_now: str  # the call-the-clinic message for a serious type, else ""
    photo_ids: list[int]


def report_view(event: AdverseEvent, protocol: Protocol) -> ReportView:
    known = {t.key: t for t in protocol.adverse_events}
    what = plain_words(known[event.event_type]) if event.event_type in known else event.type_label
    if event.event_status == EventStatus.RESOLVED and event.resolved_on is not None:
        state, style = f"Resolved on {event.resolved_on:%d %B %Y}", "status-ok"
    elif event.awaiting_report_review:
        state, style = "Sent: waiting for the clinic to look at it", "status-caution"
    else:
        state, style = "Seen by the clinic: being followed up", ""
    return ReportView(
        event=event,
        what=what,
        state=state,
        state_class=style,
        call_now=call_now_message(event.clinic) if event.type_serious else "",
        photo_ids=[photo.id for photo in event.photos.all() if photo.status == "active"],
    )


def her_reports(actor: Actor, patient: Patient) -> list[ReportView]:
    """Her reports, latest onset first; the read is audited."""
    with transaction.atomic():
        events = list(_her_reports().filter(patient=patient).prefetch_related("photos"))
        audit_record(
            actor=actor,
            action=Action.READ,
            target="side effects reported",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    protocol = clinic_protocol(patient.clinic)
    return [report_view(event, protocol) for event in events]


def her_report(actor: Actor, patient: Patient, event_id: int) -> ReportView:
    """One of her reports, or 404; the read is audited."""
    with transaction.atomic():
        event = owned_or_404(_her_reports().prefetch_related("photos"), patient, id=event_id)
        _audit(actor, Action.READ, f"adverse event {event.id} reported by the patient", event)
    return report_view(event, clinic_protocol(patient.clinic))


def her_report_photo(actor: Actor, patient: Patient, photo_id: int) -> AdverseEventPhoto:
    """A photo she sent with one of her reports, or 404; the read is audited."""
    with transaction.atomic():
        photo = owned_or_404(
            AdverseEventPhoto.objects.filter(
                status=RecordStatus.ACTIVE,
                event__reported_by_patient=True,
                event__status=RecordStatus.ACTIVE,
            ),
            patient,
            id=photo_id,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"adverse event photo {photo.id}",
            clinic_id=photo.clinic_id,
            patient_id=photo.patient_id,
        )
    return photo
