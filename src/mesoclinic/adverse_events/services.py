"""Every change to an adverse event: one transaction, one audit row per change.

An event is recorded once; after that it changes only by a follow-up (whose outcome
"resolved" resolves it), by an amendment that keeps each value's before and after, by the
clinic admin's review of a serious event, or by being marked entered in error. The type's
label, expected course and serious flag come from the clinic's protocol, never the caller.
"""

import enum
from collections.abc import Collection, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from mesoclinic.access import Capability, access_patients, get_in_clinics_or_404, scoped
from mesoclinic.adverse_events.models import (
    AdverseEvent,
    AdverseEventAmendment,
    AdverseEventFollowUp,
    EventStatus,
    Outcome,
    SeriousEventReview,
)
from mesoclinic.adverse_events.selectors import access_adverse_events, reviewable_adverse_events
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import ProductApplication, TreatmentSession
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.adverse import (
    check_ctcae_grade,
    check_follow_up_on,
    check_onset,
    check_outcome,
    check_resolved_on,
    check_severity,
    check_site,
    is_serious,
)
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import AdverseEventType
from mesoclinic.formulary.models import Lot
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol

TEXT_MAX = 2000
REASON_MAX = 300
# Recorded when they change, but they follow from the type and the severity: an
# amendment must correct something a person entered.
DERIVED = frozenset(
    {"type_label", "expected_days_min", "expected_days_max", "type_serious", "serious"}
)


class Keep(enum.Enum):
    """An amendment argument left as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


def _text(field: str, value: str, limit: int = TEXT_MAX) -> str:
    value = value.strip()
    if len(value) > limit:
        raise DomainError(field, f"Keep this to {limit} characters.")
    return value


def _required(field: str, value: str, what: str, limit: int = TEXT_MAX) -> str:
    value = _text(field, value, limit)
    if not value:
        raise DomainError(field, what)
    return value


def _reason(reason: str, what: str) -> str:
    return _required("reason", reason, f"Say why {what}.", REASON_MAX)


def _type_snapshot(event_type: AdverseEventType) -> dict[str, object]:
    low, high = event_type.expected_days or (None, None)
    return {
        "event_type": event_type.key,
        "type_label": event_type.label,
        "expected_days_min": low,
        "expected_days_max": high,
        "type_serious": event_type.serious,
    }


def _stored_type(event: AdverseEvent) -> AdverseEventType:
    """The type as it was recorded with the event (not as the protocol says now)."""
    return AdverseEventType(
        key=event.event_type,
        label=event.type_label,
        expected_days=event.window,
        serious=event.type_serious,
        note="",
        source="as recorded",
    )


def _locked(actor: Actor, event: AdverseEvent, scope_for_review: bool = False) -> AdverseEvent:
    """The event re-read through the access selector under a row lock, so two changes made
    at the same moment apply one after the other. Call inside a transaction."""
    list(AdverseEvent.objects.select_for_update().filter(pk=event.pk))
    events = reviewable_adverse_events(actor) if scope_for_review else access_adverse_events(actor)
    fresh = get_in_clinics_or_404(events, id=event.pk)
    if fresh.status != RecordStatus.ACTIVE:
        raise DomainError("event", "This adverse event was marked entered in error.")
    return fresh


def _reviewed(event: AdverseEvent) -> AdverseEvent:
    """Follow-ups and amendments wait until a patient's report has been reviewed: until
    then it has no severity to follow up or correct."""
    if event.awaiting_report_review:
        raise DomainError(
            "event",
            "This was reported by the patient and is awaiting review: review it first (give "
            "its severity and confirm its type and site).",
        )
    return event


def _session_name(session: TreatmentSession) -> str:
    return f"session {session.number} of {session.performed_on.isoformat()}"


def _follows(
    actor: Actor,
    patient: Patient,
    onset_on: date,
    session_ids: Collection[int],
    lot_ids: Collection[int],
    kept: Collection[int] = (),
) -> tuple[list[TreatmentSession], list[Lot]]:
    """The sessions and lots an event follows, checked: each session one of this patient's
    active charted sessions on or before the onset (`kept`: sessions the event already
    follows, kept even if since entered in error), each lot one applied in those sessions.
    No lots given means every lot applied in the sessions."""
    wanted = set(session_ids)
    sessions = list(
        scoped(TreatmentSession.objects.all(), actor, Capability.CLINICAL)
        .filter(clinic_id=patient.clinic_id, patient_id=patient.id, id__in=wanted)
        .order_by("performed_on", "id")
    )
    unknown = sorted(wanted - {session.id for session in sessions})
    if unknown:
        raise DomainError(
            "follows_sessions",
            "Not a charted session of this patient: "
            + ", ".join(f"id {session_id}" for session_id in unknown)
            + ".",
        )
    erroneous = [s for s in sessions if s.status != RecordStatus.ACTIVE and s.id not in kept]
    if erroneous:
        raise DomainError(
            "follows_sessions",
            f"Entered in error: {', '.join(map(_session_name, erroneous))}. "
            "Choose another session.",
        )
    late = [session for session in sessions if session.performed_on > onset_on]
    if late:
        raise DomainError(
            "follows_sessions",
            f"After the onset on {onset_on.isoformat()}: {', '.join(map(_session_name, late))}. "
            "An event follows only sessions charted on or before its onset.",
        )
    applied: dict[int, Lot] = {}
    for application in (
        ProductApplication.objects.filter(session__in=sessions)
        .select_related("lot__product")
        .order_by("lot__product__name", "lot__lot_number", "lot_id")
    ):
        applied.setdefault(application.lot_id, application.lot)
    if not lot_ids:
        return sessions, list(applied.values())
    stray = sorted(set(lot_ids) - applied.keys())
    if stray and not sessions:
        raise DomainError(
            "follows_lots",
            "Choose the sessions first: an event follows the lots used in its sessions.",
        )
    if stray:
        numbers = dict(
            # Named only when the patient's clinic's: a lot of another clinic the user also
            # works at is not this record's to mention.
            scoped(Lot.objects.all(), actor, Capability.CLINICAL)
            .filter(clinic_id=patient.clinic_id, id__in=stray)
            .values_list("id", "lot_number")
        )
        named = [f"lot {numbers[i]}" if i in numbers else f"lot id {i}" for i in stray]
        raise DomainError("follows_lots", f"Not used in the chosen sessions: {', '.join(named)}.")
    return sessions, [lot for lot_id, lot in applied.items() if lot_id in lot_ids]


def _audit(actor: Actor, action: Action, target: str, event: AdverseEvent) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        clinic_id=event.clinic_id,
        patient_id=event.patient_id,
    )


def adverse_event_create(
    *,
    actor: Actor,
    patient: Patient,
    event_type: str,
    severity: str,
    onset_on: date,
    area: str = "",
    side: str = "",
    ctcae_grade: int | None = None,
    description: str = "",
    follows_session_ids: Sequence[int] = (),
    follows_lot_ids: Sequence[int] = (),
) -> AdverseEvent:
    """Record an event of a type from the clinic's protocol; its label, expected course
    and serious flag are copied from the protocol as it stands today. It may follow some
    of the patient's charted sessions on or before the onset, and lots applied in them
    (all of those sessions' lots when none are named)."""
    with transaction.atomic():
        patient = get_in_clinics_or_404(
            access_patients(actor, Capability.CLINICAL).select_related("clinic"), id=patient.id
        )
        if patient.status != RecordStatus.ACTIVE:
            raise DomainError("patient", "This patient record was entered in error.")
        protocol = clinic_protocol(patient.clinic)
        found_type = protocol.adverse_event(event_type)
        checked_severity = check_severity(severity)
        grade = check_ctcae_grade(ctcae_grade, checked_severity)
        area, side = check_site(protocol, area, side)
        check_onset(onset_on, clinic_today(patient.clinic))
        sessions, lots = _follows(actor, patient, onset_on, follows_session_ids, follows_lot_ids)
        event = AdverseEvent.objects.create(
            patient=patient,
            clinic=patient.clinic,
            author=actor.user,
            **_type_snapshot(found_type),
            serious=is_serious(found_type, checked_severity),
            severity=checked_severity,
            ctcae_grade=grade,
            area=area,
            side=side,
            onset_on=onset_on,
            description=_text("description", description),
            protocol_name=protocol.name,
            protocol_version=protocol.version,
        )
        event.follows_sessions.set(sessions)
        event.follows_lots.set(lots)
        _audit(actor, Action.CREATE, f"adverse event {event.id}", event)
    return event


def follow_up_create(
    *, actor: Actor, event: AdverseEvent, noted_on: date, outcome: str, note: str = ""
) -> AdverseEventFollowUp:
    """Add a follow-up note to an ongoing event. The outcome "resolved" resolves the
    event on the follow-up's date; any other outcome needs a note of what was found."""
    with transaction.atomic():
        event = _reviewed(_locked(actor, event))
        if event.event_status != EventStatus.ONGOING:
            raise DomainError(
                "event",
                "This event is resolved. If it came back, record a new event; if it was "
                "resolved by mistake, amend the resolved date.",
            )
        checked = check_outcome(outcome)
        check_follow_up_on(event.onset_on, noted_on, clinic_today(event.clinic))
        text = (
            _text("note", note)
            if checked == "resolved"
            else _required("note", note, "Say what you found at the follow-up.")
        )
        follow_up = AdverseEventFollowUp.objects.create(
            event=event, author=actor.user, noted_on=noted_on, outcome=checked, note=text
        )
        _audit(actor, Action.CREATE, f"adverse event {event.id} follow-up", event)
        if checked == "resolved":
            AdverseEvent.objects.filter(pk=event.pk).update(
                event_status=EventStatus.RESOLVED, resolved_on=noted_on
            )
            _audit(actor, Action.UPDATE, f"adverse event {event.id} resolved", event)
    return follow_up


def adverse_event_resolve(
    *, actor: Actor, event: AdverseEvent, resolved_on: date, note: str = ""
) -> AdverseEventFollowUp:
    """Resolve an ongoing event: a follow-up with the outcome "resolved"."""
    try:
        return follow_up_create(
            actor=actor, event=event, noted_on=resolved_on, outcome=Outcome.RESOLVED, note=note
        )
    except DomainError as error:
        if error.field == "noted_on":
            raise DomainError("resolved_on", error.message.replace("A follow-up", "It")) from None
        raise


def adverse_event_review(*, actor: Actor, event: AdverseEvent, note: str) -> SeriousEventReview:
    """The clinic admin marks a serious event reviewed, with what they did or decided.
    Anyone else gets 404, as for a record they cannot see."""
    note = _required("note", note, "Say what was reviewed or decided.")
    with transaction.atomic():
        event = _locked(actor, event, scope_for_review=True)
        if not event.serious:
            raise DomainError("event", "Only serious events need a review.")
        if SeriousEventReview.objects.filter(event=event).exists():
            raise DomainError("event", "This event has already been reviewed.")
        review = SeriousEventReview.objects.create(event=event, author=actor.user, note=note)
        _audit(actor, Action.SIGN, f"adverse event {event.id} review", event)
    return review


def _as_json(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _record(
    changes: dict[str, list[object]], event: AdverseEvent, name: str, after: object
) -> None:
    before = getattr(event, name)
    if _as_json(before) != _as_json(after):
        changes[name] = [_as_json(before), _as_json(after)]
        setattr(event, name, after)


def _amended_links(
    actor: Actor,
    event: AdverseEvent,
    changes: dict[str, list[object]],
    session_ids: Sequence[int] | Keep,
    lot_ids: Sequence[int] | Keep,
) -> tuple[list[TreatmentSession], list[Lot]] | None:
    """The sessions and lots after an amendment, re-checked against the (amended) onset,
    with the changes recorded as lists of ids; None when they stay as they are."""
    before_sessions = sorted(session.id for session in event.follows_sessions.all())
    before_lots = sorted(lot.id for lot in event.follows_lots.all())
    after_sessions = before_sessions if isinstance(session_ids, Keep) else sorted(set(session_ids))
    if after_sessions == before_sessions and isinstance(lot_ids, Keep):
        if "onset_on" not in changes:
            return None
        wanted_lots: Collection[int] = before_lots
    elif isinstance(lot_ids, Keep):
        wanted_lots = ()  # every lot used in the new sessions
    else:
        wanted_lots = set(lot_ids)
    try:
        sessions, lots = _follows(
            actor, event.patient, event.onset_on, after_sessions, wanted_lots, before_sessions
        )
    except DomainError as error:
        if after_sessions == before_sessions and error.field == "follows_sessions":
            # Only the onset moved: say so beside the onset.
            raise DomainError("onset_on", f"{error.message} Correct the sessions too.") from None
        raise
    after_lots = sorted(lot.id for lot in lots)
    if after_sessions != before_sessions:
        changes["follows_sessions"] = [before_sessions, after_sessions]
    if after_lots != before_lots:
        changes["follows_lots"] = [before_lots, after_lots]
    return sessions, lots


def adverse_event_amend(
    *,
    actor: Actor,
    event: AdverseEvent,
    reason: str,
    event_type: str | Keep = KEEP,
    severity: str | Keep = KEEP,
    ctcae_grade: int | Keep | None = KEEP,
    area: str | Keep = KEEP,
    side: str | Keep = KEEP,
    onset_on: date | Keep = KEEP,
    description: str | Keep = KEEP,
    follows_session_ids: Sequence[int] | Keep = KEEP,
    follows_lot_ids: Sequence[int] | Keep = KEEP,
    resolved_on: date | Keep | None = KEEP,
) -> AdverseEventAmendment:
    """Correct a recorded event. Only values that differ are recorded, as
    {"severity": ["mild", "moderate"], "follows_sessions": [[3], [3, 4]], ...}. A new type
    is taken from the clinic's protocol as it stands; `resolved_on=None` reopens an event
    resolved by mistake. New sessions without lots follow every lot used in them."""
    reason = _reason(reason, "the event is being corrected")
    with transaction.atomic():
        event = _reviewed(_locked(actor, event))
        protocol = clinic_protocol(event.clinic)
        today = clinic_today(event.clinic)
        changes: dict[str, list[object]] = {}
        if not isinstance(event_type, Keep) and event_type != event.event_type:
            for name, value in _type_snapshot(protocol.adverse_event(event_type)).items():
                _record(changes, event, name, value)
        if not isinstance(severity, Keep):
            _record(changes, event, "severity", check_severity(severity))
        grade = event.ctcae_grade if isinstance(ctcae_grade, Keep) else ctcae_grade
        _record(changes, event, "ctcae_grade", check_ctcae_grade(grade, event.severity))
        new_area = event.area if isinstance(area, Keep) else area
        new_side = event.side if isinstance(side, Keep) else side
        new_area, new_side = check_site(protocol, new_area, new_side)
        _record(changes, event, "area", new_area)
        _record(changes, event, "side", new_side)
        if not isinstance(onset_on, Keep):
            _record(changes, event, "onset_on", check_onset(onset_on, today))
        if not isinstance(description, Keep):
            _record(changes, event, "description", _text("description", description))
        links = _amended_links(actor, event, changes, follows_session_ids, follows_lot_ids)
        if not isinstance(resolved_on, Keep):
            if resolved_on is None:
                _record(changes, event, "event_status", EventStatus.ONGOING.value)
            elif event.event_status != EventStatus.RESOLVED:
                raise DomainError(
                    "resolved_on", "This event is ongoing: resolve it with a follow-up instead."
                )
            _record(changes, event, "resolved_on", resolved_on)
        if event.resolved_on is not None:
            check_resolved_on(event.onset_on, event.resolved_on, today)
        _record(changes, event, "serious", is_serious(_stored_type(event), event.severity))
        if not changes.keys() - DERIVED:
            raise DomainError("amendment", "Nothing changed: an amendment corrects a value.")
        event.save()
        if links is not None:
            event.follows_sessions.set(links[0])
            event.follows_lots.set(links[1])
        amendment = AdverseEventAmendment.objects.create(
            record=event, author=actor.user, reason=reason, changes=changes
        )
        _audit(actor, Action.AMEND, f"adverse event {event.id}", event)
    return amendment


def adverse_event_mark_entered_in_error(
    *, actor: Actor, event: AdverseEvent, reason: str
) -> AdverseEvent:
    """Never deleted: an event recorded by mistake is marked, and kept with its notes."""
    reason = _reason(reason, "this event was entered in error")
    with transaction.atomic():
        event = _locked(actor, event)
        event.status = RecordStatus.ENTERED_IN_ERROR
        event.status_reason = reason
        event.status_changed_at = timezone.now()
        event.status_changed_by = actor.user
        event.save(
            update_fields=["status", "status_reason", "status_changed_at", "status_changed_by"]
        )
        _audit(actor, Action.ENTERED_IN_ERROR, f"adverse event {event.id}", event)
    return event
