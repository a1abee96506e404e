"""The practitioner's side of a patient's report: reviewing it, and reading its photos.

A report arrives with the type she chose and no severity. The review grades it, confirms
or corrects its type and site, and from then on it is followed up, amended and resolved as
any other event. What the review changed is kept as [as reported, as reviewed].
"""

from django.db import transaction

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.adverse_events.models import (
    AdverseEvent,
    AdverseEventPhoto,
    PatientReportReview,
)
from mesoclinic.adverse_events.services import (
    _audit,
    _locked,
    _record,
    _stored_type,
    _text,
    _type_snapshot,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.domain.adverse import check_ctcae_grade, check_severity, check_site, is_serious
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol


def patient_report_review(
    *,
    actor: Actor,
    event: AdverseEvent,
    event_type: str,
    severity: str,
    area: str = "",
    side: str = "",
    ctcae_grade: int | None = None,
    note: str = "",
) -> PatientReportReview:
    """Grade a patient's report and confirm (or correct) its type and site. The serious
    flag then follows from the type and the severity, as for any event."""
    with transaction.atomic():
        event = _locked(actor, event)
        if not event.reported_by_patient:
            raise DomainError("event", "Only an event the patient reported is reviewed this way.")
        if not event.awaiting_report_review:
            raise DomainError(
                "event", "This report has already been reviewed: correct it with an amendment."
            )
        protocol = clinic_protocol(event.clinic)
        changes: dict[str, list[object]] = {}
        if event_type != event.event_type:
            for name, value in _type_snapshot(protocol.adverse_event(event_type)).items():
                _record(changes, event, name, value)
        checked = check_severity(severity)
        _record(changes, event, "severity", checked)
        _record(changes, event, "ctcae_grade", check_ctcae_grade(ctcae_grade, checked))
        new_area, new_side = check_site(protocol, area, side)
        _record(changes, event, "area", new_area)
        _record(changes, event, "side", new_side)
        _record(changes, event, "serious", is_serious(_stored_type(event), event.severity))
        event.save()
        review = PatientReportReview.objects.create(
            event=event, author=actor.user, changes=changes, note=_text("note", note)
        )
        _audit(actor, Action.SIGN, f"adverse event {event.id} patient report review", event)
    return review


def access_event_photo(actor: Actor, photo_id: int) -> AdverseEventPhoto:
    """A photo a patient sent with a report: her clinic's clinical staff only; audited."""
    with transaction.atomic():
        photo = get_in_clinics_or_404(
            scoped(AdverseEventPhoto.objects.all(), actor, Capability.CLINICAL),
            id=photo_id,
            status=RecordStatus.ACTIVE,
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"adverse event photo {photo.id}",
            clinic_id=photo.clinic_id,
            patient_id=photo.patient_id,
        )
    return photo
