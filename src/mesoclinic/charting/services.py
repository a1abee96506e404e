"""`session_chart`: the whole chart, its guards and its stock movements in one transaction."""

import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.adverse_events.selectors import ongoing_adverse_events
from mesoclinic.appointments.changes import appointment_complete_for_chart
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import (
    ProductApplication,
    SessionAmendment,
    SessionArea,
    TreatmentSession,
)
from mesoclinic.charting.recheck import recheck_problems
from mesoclinic.charting.selectors import next_chart_number
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.references import not_at_clinic
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.courses.session_count import course_record_session_done
from mesoclinic.domain.charting import AreaTreated, ChartProblem, LotFacts, ProductUse
from mesoclinic.domain.charting import chart_problems as guard_problems
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.plausible import date_problem
from mesoclinic.formulary.models import Lot
from mesoclinic.formulary.services import stock_use
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.readiness import course_start_blockers


class ChartRefused(DomainError):
    """Every reason the chart cannot be saved, each for its own field."""

    def __init__(self, problems: Sequence[ChartProblem]) -> None:
        self.problems = list(problems)
        super().__init__(problems[0].field, " ".join(p.message for p in problems))

    @property
    def errors(self) -> dict[str, str]:
        by_field: dict[str, list[str]] = {}
        for problem in self.problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        return {field: " ".join(messages) for field, messages in by_field.items()}


@dataclass(frozen=True)
class Application:
    lot_id: int
    volume_ml: Decimal


@dataclass(frozen=True)
class ChartEntry:
    performed_on: date
    areas: Sequence[AreaTreated]
    applications: Sequence[Application]
    technique: str
    depth_mm: Decimal
    needle_gauge: int
    needle_length_mm: Decimal
    duration_minutes: int
    recheck: Mapping[str, bool]
    recheck_reason: str = ""
    interval_override_reason: str = ""
    notes: str = ""
    checked_in: time | None = None  # the clinic's local time on `performed_on`


def _previous_areas(course: Course) -> dict[AreaTreated, date]:
    # A chart entered in error says nothing true about this patient: its areas are not
    # held back from treatment.
    rows = (
        SessionArea.objects.filter(
            session__patient_id=course.patient_id, session__status=RecordStatus.ACTIVE
        )
        .values("area", "side")
        .annotate(last=Max("session__performed_on"))
    )
    return {AreaTreated(row["area"], row["side"] or None): row["last"] for row in rows}


def _open_events_at(actor: Actor, course: Course, areas: Sequence[AreaTreated]) -> list[str]:
    found: dict[int, str] = {}
    for area in areas:
        for event in ongoing_adverse_events(actor, course.patient, area.area, area.side):
            where = f"{event.area}, {event.side}" if event.side else event.area
            found[event.id] = f"{event.type_label} ({where}, since {event.onset_on.isoformat()})"
    return list(found.values())


def _lot_facts(lots: Sequence[Lot]) -> dict[int, LotFacts]:
    return {
        lot.id: LotFacts(
            lot_id=lot.id,
            lot_number=lot.lot_number,
            product_id=lot.product_id,
            product_name=lot.product.name,
            expiry=lot.expiry_date,
            recalled=lot.recalled,
            on_hand_ml=lot.on_hand_ml,
            session_limit_ml=lot.product.session_limit_ml,
        )
        for lot in lots
    }


def _checked_in_local(performed_on: date, checked_in: time, course: Course) -> datetime:
    return datetime.combine(
        performed_on, checked_in, tzinfo=zoneinfo.ZoneInfo(course.clinic.time_zone)
    )


def _chart_lots(actor: Actor, course: Course, lot_ids: Sequence[int], *, lock: bool) -> list[Lot]:
    # Lots are locked in id order so two charts never wait on each other. Only the course's
    # clinic's lots count: a user who works at two clinics reads both, yet a chart never
    # draws on another clinic's lot (`clinics.references`); any other id is refused per row.
    rows = Lot.objects.select_for_update(of=("self",)) if lock else Lot.objects.all()
    return list(
        scoped(rows, actor, Capability.CLINICAL)
        .select_related("product")
        .filter(clinic_id=course.clinic_id, id__in=sorted(set(lot_ids)))
        .order_by("id")
    )


def chart_refusals(
    *,
    actor: Actor,
    course: Course,
    performed_on: date,
    areas: Sequence[AreaTreated],
    applications: Sequence[Application],
    recheck: Mapping[str, bool],
    recheck_reason: str = "",
    interval_override_reason: str = "",
    checked_in: time | None = None,
    lots: Sequence[Lot] | None = None,
) -> list[ChartProblem]:
    """Every reason a chart with these values would be refused; empty when it can be
    signed. It writes nothing: the chart page asks it even while other fields still need
    fixing, so one submit shows every refusal, and `session_chart` asks it again under its
    locks (passing the locked `lots`). A problem's `uses` are positions in `applications`."""
    if (problem := date_problem(performed_on)) is not None:
        # A typing mistake: the screening, interval and lot rules have no day to reason about.
        return [ChartProblem("performed_on", problem)]
    problems: list[ChartProblem] = []
    if performed_on > clinic_today(course.clinic):
        problems.append(
            ChartProblem(
                "performed_on", "A session is charted on or after the day it was done, not before."
            )
        )
    if checked_in is not None and _checked_in_local(performed_on, checked_in, course) > (
        timezone.now()
    ):
        problems.append(
            ChartProblem(
                "checked_in",
                "The check-in time is still to come: give the time the patient arrived.",
            )
        )
    protocol = clinic_protocol(course.clinic)
    if lots is None:
        lots = _chart_lots(actor, course, [a.lot_id for a in applications], lock=False)
    facts = _lot_facts(lots)
    known = [row for row, a in enumerate(applications) if a.lot_id in facts]
    problems += [
        ChartProblem("lot", not_at_clinic("lot", "lot").message, (row,))
        for row, a in enumerate(applications)
        if a.lot_id not in facts
    ]
    stops = [
        *course_start_blockers(actor, course.patient, performed_on),
        *recheck_problems(recheck, recheck_reason, protocol),
    ]
    events = _open_events_at(actor, course, areas)
    if events and not recheck_reason.strip():
        stops.append(
            "An adverse event is still open at a treated area: "
            f"{'; '.join(events)}. Record a reason to treat it anyway."
        )
    found = guard_problems(
        day=performed_on,
        uses=[
            ProductUse(facts[applications[row].lot_id], applications[row].volume_ml)
            for row in known
        ],
        areas=list(areas),
        previous=_previous_areas(course),
        min_interval_days=protocol.min_interval_days,
        interval_override_reason=interval_override_reason,
        stops=stops,
    )
    # The guards saw the known lots only: their positions go back to the applications'.
    return problems + [replace(p, uses=tuple(known[use] for use in p.uses)) for p in found]


def session_chart(*, actor: Actor, course: Course, entry: ChartEntry) -> TreatmentSession:
    """Chart and sign one session of an active course. Refused with every reason at once
    (ChartRefused) when a guard fails; then nothing is written and no stock moves."""
    with transaction.atomic():
        course = get_in_clinics_or_404(
            scoped(
                Course.objects.select_for_update(of=("self",)), actor, Capability.CLINICAL
            ).select_related("clinic", "patient"),
            id=course.id,
        )
        if course.state != CourseState.ACTIVE:
            raise DomainError(
                "course", "Only an active course can be charted: start the course first."
            )
        lots = _chart_lots(actor, course, [a.lot_id for a in entry.applications], lock=True)
        problems = chart_refusals(
            actor=actor,
            course=course,
            performed_on=entry.performed_on,
            areas=entry.areas,
            applications=entry.applications,
            recheck=entry.recheck,
            recheck_reason=entry.recheck_reason,
            interval_override_reason=entry.interval_override_reason,
            checked_in=entry.checked_in,
            lots=lots,
        )
        if problems:
            raise ChartRefused(problems)
        checked_in_at = (
            None
            if entry.checked_in is None
            else _checked_in_local(entry.performed_on, entry.checked_in, course)
        )
        session = TreatmentSession.objects.create(
            patient=course.patient,
            clinic=course.clinic,
            author=actor.user,
            course=course,
            number=next_chart_number(course),
            performed_on=entry.performed_on,
            checked_in_at=checked_in_at,
            recheck=dict(entry.recheck),
            recheck_reason=entry.recheck_reason.strip(),
            technique=entry.technique,
            depth_mm=entry.depth_mm,
            needle_gauge=entry.needle_gauge,
            needle_length_mm=entry.needle_length_mm,
            duration_minutes=entry.duration_minutes,
            notes=entry.notes.strip(),
            interval_override_reason=entry.interval_override_reason.strip(),
            signed_at=timezone.now(),
        )
        SessionArea.objects.bulk_create(
            SessionArea(session=session, area=a.area, side=a.side or "") for a in entry.areas
        )
        for application, lot_id in sorted(
            ((a, a.lot_id) for a in entry.applications), key=lambda pair: pair[1]
        ):
            lot = next(lot for lot in lots if lot.id == lot_id)
            movement = stock_use(
                actor=actor,
                lot=lot,
                volume_ml=application.volume_ml,
                reference=f"chart {session.id}",
                on=entry.performed_on,
            )
            ProductApplication.objects.create(
                session=session,
                lot=lot,
                product=lot.product,
                volume_ml=application.volume_ml,
                movement=movement,
            )
        course_record_session_done(actor=actor, course=course, on=entry.performed_on)
        appointment_complete_for_chart(
            actor=actor, course=course, number=session.number, on=entry.performed_on
        )
        audit_record(
            actor=actor,
            action=Action.SIGN,
            target=f"chart {session.id}",
            clinic_id=course.clinic_id,
            patient_id=course.patient_id,
        )
    return session


AMENDABLE = (
    "technique",
    "depth_mm",
    "needle_gauge",
    "needle_length_mm",
    "duration_minutes",
    "notes",
)


def session_amend(
    *, actor: Actor, session: TreatmentSession, reason: str, **changes: object
) -> TreatmentSession:
    """Correct a signed chart. The row shows the corrected values; the amendment keeps each
    original with who, when (UTC) and why. Products, lots and volumes are not amended here:
    their stock moved with the chart."""
    if not reason.strip():
        raise DomainError("reason", "Say why the chart is corrected.")
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise DomainError(sorted(unknown)[0], "This part of a signed chart cannot be amended.")
    with transaction.atomic():
        locked = get_in_clinics_or_404(
            scoped(TreatmentSession.objects.select_for_update(), actor, Capability.CLINICAL),
            id=session.id,
            status=RecordStatus.ACTIVE,
        )
        diff = {
            field: [str(getattr(locked, field)), str(value)]
            for field, value in changes.items()
            if getattr(locked, field) != value
        }
        if not diff:
            raise DomainError("reason", "Nothing differs from the chart as signed.")
        for field in diff:
            setattr(locked, field, changes[field])
        locked.full_clean(exclude=["patient", "clinic", "author", "course"])
        # The amendment first: on PostgreSQL it is what lets the signed row change.
        SessionAmendment.objects.create(
            record=locked, author=actor.user, reason=reason.strip(), changes=diff
        )
        locked.save(update_fields=list(diff))
        audit_record(
            actor=actor,
            action=Action.AMEND,
            target=f"chart {locked.id}",
            clinic_id=locked.clinic_id,
            patient_id=locked.patient_id,
        )
    return locked
