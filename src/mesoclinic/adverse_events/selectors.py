"""Reading adverse events: clinical content, so only with the clinical capability at the
event's clinic, and every read written to the audit trail in the same transaction.
Reviewing serious events is the clinic admin's: `REVIEW` scopes those reads."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models, transaction
from django.db.models import Prefetch, Q

from mesoclinic.access import (
    Capability,
    access_clinic,
    access_clinics,
    capabilities_at,
    get_in_clinics_or_404,
    scoped,
)
from mesoclinic.adverse_events.models import (
    AdverseEvent,
    AdverseEventAmendment,
    AdverseEventFollowUp,
    AdverseEventPhoto,
    EventStatus,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import ProductApplication, TreatmentSession
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.adverse import days_overdue, follow_up_due, needs_follow_up
from mesoclinic.formulary.models import Lot
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol

# Only a clinic admin holds it: practitioners record and follow up events, the admin
# reviews the serious ones.
REVIEW = Capability.SETUP
# The charted sessions the event form offers: the latest ones, which an event follows.
RECENT_SESSIONS = 10


def access_adverse_events(actor: Actor) -> models.QuerySet[AdverseEvent]:
    """Every event the actor may read (clinical capability), unaudited: callers audit."""
    events = AdverseEvent.objects.select_related(
        "patient",
        "clinic",
        "author",
        "status_changed_by",
        "review",
        "review__author",
        "report_review",
        "report_review__author",
    ).prefetch_related(
        Prefetch("photos", AdverseEventPhoto.objects.filter(status=RecordStatus.ACTIVE)),
        Prefetch("follow_ups", AdverseEventFollowUp.objects.select_related("author")),
        Prefetch("amendments", AdverseEventAmendment.objects.select_related("author")),
        Prefetch("follows_sessions", TreatmentSession.objects.order_by("performed_on", "id")),
        Prefetch(
            "follows_lots",
            Lot.objects.select_related("product").order_by("product__name", "lot_number", "id"),
        ),
    )
    return scoped(events, actor, Capability.CLINICAL)


def reviewable_adverse_events(actor: Actor) -> models.QuerySet[AdverseEvent]:
    """Events at the clinics the actor administers."""
    return scoped(access_adverse_events(actor), actor, REVIEW)


def access_adverse_event(actor: Actor, event_id: int, target: str = "") -> AdverseEvent:
    """One event, or 404 when it is not the actor's to read; the read is audited."""
    with transaction.atomic():
        event = get_in_clinics_or_404(access_adverse_events(actor), id=event_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=target or f"adverse event {event.id}",
            clinic_id=event.clinic_id,
            patient_id=event.patient_id,
        )
    return event


def can_review(actor: Actor, event: AdverseEvent) -> bool:
    return REVIEW in capabilities_at(actor, event.clinic_id)


def patient_adverse_events(actor: Actor, patient: Patient) -> list[AdverseEvent]:
    """The patient's events, latest onset first, entered-in-error ones included (marked)."""
    with transaction.atomic():
        events = list(access_adverse_events(actor).filter(patient_id=patient.id))
        audit_record(
            actor=actor,
            action=Action.READ,
            target="adverse event list",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return events


def ongoing_adverse_events(
    actor: Actor, patient: Patient, area: str | None = None, side: str | None = None
) -> list[AdverseEvent]:
    """The patient's ongoing events, optionally only those at one area (and side; an event
    recorded without a side counts for both). For a pre-session re-check; not audited on
    its own: the caller audits the read it is part of."""
    events = access_adverse_events(actor).filter(
        patient_id=patient.id, status=RecordStatus.ACTIVE, event_status=EventStatus.ONGOING
    )
    if area is not None:
        events = events.filter(area=area)
        if side:
            events = events.filter(side__in=("", side))
    return list(events.order_by("onset_on", "id"))


# -- what an event may follow ---------------------------------------------------------------


def _sessions_with_products(actor: Actor) -> models.QuerySet[TreatmentSession]:
    applications = ProductApplication.objects.select_related("lot", "product").order_by("id")
    return scoped(
        TreatmentSession.objects.prefetch_related(Prefetch("applications", applications)),
        actor,
        Capability.CLINICAL,
    )


def followable_sessions(
    actor: Actor, patient: Patient, until: date, keep: Iterable[int] = ()
) -> list[TreatmentSession]:
    """The patient's latest active charted sessions on or before `until` (at most ten),
    newest first, with their products and lots, followed by any of `keep` (the sessions an
    event already follows) not among them. For the event form: the page audits its read."""
    sessions = _sessions_with_products(actor).filter(patient_id=patient.id)
    recent = list(
        sessions.filter(status=RecordStatus.ACTIVE, performed_on__lte=until).order_by(
            "-performed_on", "-id"
        )[:RECENT_SESSIONS]
    )
    shown = {session.id for session in recent}
    kept = sessions.filter(id__in=set(keep) - shown).order_by("-performed_on", "-id")
    return recent + list(kept)


def linked_names(
    actor: Actor, patient_id: int, ids: dict[str, set[int]]
) -> dict[str, dict[int, str]]:
    """Names for session and lot ids (as an amendment records them): "Session 2, 2025-01-08"
    and "CAF-1 (Caffeine ...)". An id the actor cannot read keeps no name."""
    sessions = scoped(TreatmentSession.objects.all(), actor, Capability.CLINICAL).filter(
        patient_id=patient_id, id__in=ids.get("follows_sessions", set())
    )
    lots = scoped(Lot.objects.select_related("product"), actor, Capability.CLINICAL).filter(
        id__in=ids.get("follows_lots", set())
    )
    return {
        "follows_sessions": {
            s.id: f"Session {s.number}, {s.performed_on.isoformat()}" for s in sessions
        },
        "follows_lots": {lot.id: f"{lot.lot_number} ({lot.product.name})" for lot in lots},
    }


# -- the clinic's follow-up list --------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpRow:
    event: AdverseEvent
    due: date  # the last day it was still within its expected course
    days_overdue: int
    last_follow_up: AdverseEventFollowUp | None
    # Reported by the patient and not yet graded by a practitioner: listed whatever its age.
    awaiting_report_review: bool = False


@dataclass(frozen=True)
class FollowUpList:
    clinic: Clinic
    today: date
    review_days: int
    rows: list[FollowUpRow]


def follow_up_list(actor: Actor, clinic_id: int, today: date | None = None) -> FollowUpList:
    """Patients' reports awaiting review first (serious ones first), then every ongoing
    event at the clinic past its expected course (or the review interval for a type
    without a day count), oldest onset first. `today` defaults to the clinic's date. One
    audit row for the clinic's list."""
    clinic = access_clinic(actor, clinic_id, Capability.CLINICAL)
    today = today or clinic_today(clinic)
    review_days = clinic_protocol(clinic).adverse_event_review_days
    with transaction.atomic():
        # Ongoing events are few (most resolve within days), so the window test runs here
        # rather than in SQL; only events with an onset before today can be overdue.
        candidates = (
            access_adverse_events(actor)
            .filter(
                Q(onset_on__lt=today) | Q(reported_by_patient=True, report_review__isnull=True),
                clinic_id=clinic.id,
                status=RecordStatus.ACTIVE,
                event_status=EventStatus.ONGOING,
            )
            .order_by("onset_on", "id")
        )
        rows = [
            FollowUpRow(
                event=event,
                due=follow_up_due(event.onset_on, event.window, review_days),
                days_overdue=days_overdue(
                    event.onset_on, event.window, today, review_days=review_days
                ),
                last_follow_up=_last(event),
                awaiting_report_review=event.awaiting_report_review,
            )
            for event in candidates
            if event.awaiting_report_review
            or needs_follow_up(
                event.event_status, event.onset_on, event.window, today, review_days=review_days
            )
        ]
        rows.sort(key=_listing_order)  # stable: oldest onset first within each group
        audit_record(
            actor=actor,
            action=Action.READ,
            target="adverse event follow-up list",
            clinic_id=clinic.id,
        )
    return FollowUpList(clinic=clinic, today=today, review_days=review_days, rows=rows)


def _listing_order(row: FollowUpRow) -> int:
    """Serious reports awaiting review, then other reports awaiting review, then the rest."""
    if row.awaiting_report_review:
        return 0 if row.event.serious else 1
    return 2


def _last(event: AdverseEvent) -> AdverseEventFollowUp | None:
    follow_ups = list(event.follow_ups.all())
    return follow_ups[-1] if follow_ups else None


# -- serious events awaiting the admin's review -----------------------------------------------


def _awaiting_review(actor: Actor) -> models.QuerySet[AdverseEvent]:
    return (
        reviewable_adverse_events(actor)
        .filter(serious=True, status=RecordStatus.ACTIVE, review__isnull=True)
        .order_by("onset_on", "id")
    )


def serious_events_awaiting_review(
    actor: Actor, clinic_id: int | None = None
) -> list[AdverseEvent]:
    """Serious events at the clinics the actor administers that no admin has reviewed yet,
    oldest onset first. One audit row for each clinic whose events are shown."""
    events = _awaiting_review(actor)
    if clinic_id is not None:
        events = events.filter(clinic_id=clinic_id)
    with transaction.atomic():
        found = list(events)
        for shown_clinic in sorted({event.clinic_id for event in found}):
            audit_record(
                actor=actor,
                action=Action.READ,
                target="serious adverse events awaiting review",
                clinic_id=shown_clinic,
            )
    return found


@dataclass(frozen=True)
class SeriousEventsPage:
    clinic: Clinic
    awaiting: list[AdverseEvent]
    reviewed: list[AdverseEvent]


RECENTLY_REVIEWED = 20


def serious_events_page(actor: Actor, clinic_id: int) -> SeriousEventsPage:
    """The admin's review page: serious events awaiting review, and the latest reviewed."""
    clinic = access_clinic(actor, clinic_id, REVIEW)
    with transaction.atomic():
        awaiting = list(_awaiting_review(actor).filter(clinic_id=clinic.id))
        reviewed = list(
            reviewable_adverse_events(actor)
            .filter(clinic_id=clinic.id, serious=True, review__isnull=False)
            .order_by("-review__at", "-id")[:RECENTLY_REVIEWED]
        )
        audit_record(
            actor=actor, action=Action.READ, target="serious adverse events", clinic_id=clinic.id
        )
    return SeriousEventsPage(clinic=clinic, awaiting=awaiting, reviewed=reviewed)


@dataclass(frozen=True)
class DashboardPanel:
    """What the dashboard shows of adverse events: the follow-up list of each clinic the
    actor works in clinically, and the serious events waiting for this admin's review."""

    follow_up_clinics: list[Clinic]
    review_clinics: list[Clinic]
    awaiting_review: list[AdverseEvent]
    patient_reports: list[AdverseEvent]

    @property
    def serious_patient_reports(self) -> int:
        return sum(1 for event in self.patient_reports if event.serious)


def patient_reports_awaiting_review(actor: Actor) -> list[AdverseEvent]:
    """Side effects patients reported that no practitioner has reviewed yet, at the clinics
    the actor works in clinically: serious types first, then oldest onset first. One audit
    row for each clinic whose reports are shown."""
    reports = scoped(
        AdverseEvent.objects.select_related("patient__clinic", "clinic"),
        actor,
        Capability.CLINICAL,
    ).filter(
        reported_by_patient=True,
        report_review__isnull=True,
        status=RecordStatus.ACTIVE,
        event_status=EventStatus.ONGOING,
    )
    with transaction.atomic():
        found = list(reports.order_by("-serious", "onset_on", "id"))
        for shown_clinic in sorted({event.clinic_id for event in found}):
            audit_record(
                actor=actor,
                action=Action.READ,
                target="side effects reported by patients awaiting review",
                clinic_id=shown_clinic,
            )
    return found


def dashboard_panel(actor: Actor) -> DashboardPanel:
    clinical = list(access_clinics(actor, Capability.CLINICAL).order_by("name"))
    return DashboardPanel(
        follow_up_clinics=clinical,
        review_clinics=list(access_clinics(actor, REVIEW).order_by("name")),
        awaiting_review=serious_events_awaiting_review(actor),
        # The front desk reads no clinical record: nothing to ask the database for.
        patient_reports=patient_reports_awaiting_review(actor) if clinical else [],
    )
