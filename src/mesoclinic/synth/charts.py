"""Charts of the sessions held, in the order they happened at the clinic, so each draws
from a lot that was in stock that day: a product's lot is used until it cannot cover a
session, then a new lot arrives (stock never goes below zero, every change a movement).
Then the adverse events that followed a few of them, and the recalls of completed
courses."""

import random
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from mesoclinic.adverse_events.models import AdverseEvent, EventStatus
from mesoclinic.audit.models import Action
from mesoclinic.charting.models import ProductApplication, SessionArea, TreatmentSession
from mesoclinic.charting.recheck import RECHECK_KEYS
from mesoclinic.courses.models import CourseState
from mesoclinic.domain.adverse import is_serious
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.recall import maintenance_due_on
from mesoclinic.domain.stock import MovementKind
from mesoclinic.formulary.models import Lot, Product, StockMovement
from mesoclinic.recalls.models import CallOutcome, EntryKind, Recall, RecallEntry, RecallState
from mesoclinic.screening.models import Screening, ScreeningAnswer
from mesoclinic.synth.courses import Booked
from mesoclinic.synth.organisation import SynthClinic
from mesoclinic.synth.people import SIDES, at, screening_rows
from mesoclinic.synth.writer import Writer

LOT_UNITS = 100
ADVERSE_SHARE = 0.02
DECLINED_AFTER_DAYS = 90  # a recall this long past due was called and declined
CHUNK = 2000


class Stock:
    """The lot in use for each product, restocked when it runs short; what is left of the
    old lot then is written off as wasted, as a clinic discards an opened remainder."""

    def __init__(self, clinic: SynthClinic, seed: int) -> None:
        self.clinic, self.seed = clinic, seed
        self.current: dict[int, Lot] = {}
        self.all: list[Lot] = []
        self.received = 0
        self.wasted: list[tuple[Lot, Decimal]] = []

    def lot_for(self, product: Product, day: date, volume: Decimal, new: list[Lot]) -> Lot:
        lot = self.current.get(product.pk)
        if lot is None or lot.on_hand_ml < volume or lot.expiry_date < day:
            if lot is not None and lot.on_hand_ml > 0:
                self.wasted.append((lot, lot.on_hand_ml))
                lot.on_hand_ml = Decimal("0.00")
            self.received += 1
            received = product.volume_per_unit_ml * LOT_UNITS
            lot = Lot(
                product=product,
                clinic=self.clinic.clinic,
                lot_number=f"SYN{self.seed}-{self.clinic.clinic.pk}-{self.received:05d}",
                expiry_date=day + timedelta(days=730),
                supplier="Synthetic Supplies Ltd",
                quantity_received_units=LOT_UNITS,
                received_ml=received,
                received_on=day,
                received_by=self.clinic.admin,
                on_hand_ml=received,
            )
            new.append(lot)
            self.current[product.pk] = lot
            self.all.append(lot)
        return lot


def chart_sessions(
    clinic: SynthClinic,
    booked: list[Booked],
    protocol: Protocol,
    today: date,
    seed: int,
    rng: random.Random,
    w: Writer,
) -> list[TreatmentSession]:
    held = sorted(
        (
            (row.starts_at, b, number)
            for b in booked
            for number, row in enumerate(b.held, start=1)
            if row.status == "completed"
        ),
        key=lambda item: (item[0], item[1].course.pk, item[2]),
    )
    stock = Stock(clinic, seed)
    # Screenings last the protocol's days: a practitioner screens again at the visit when
    # the last one would lapse within the week.
    screened_on = {b.arrival.patient.pk: b.arrival.day for b in booked}
    rescreen_after = timedelta(days=protocol.screening_valid_days - 7)
    zone = ZoneInfo(clinic.clinic.time_zone)
    followed: list[TreatmentSession] = []  # the sessions an adverse event follows
    for start in range(0, len(held), CHUNK):
        chunk = held[start : start + CHUNK]
        sessions: list[TreatmentSession] = []
        areas: list[SessionArea] = []
        lots: list[Lot] = []
        uses: list[tuple[TreatmentSession, Lot, Product, Decimal, Decimal, User]] = []
        screenings: list[Screening] = []
        answers: list[ScreeningAnswer] = []
        for starts_at, b, number in chunk:
            row = b.held[number - 1]
            day = starts_at.astimezone(zone).date()
            patient = b.course.patient
            if day - screened_on[patient.pk] >= rescreen_after:
                screening, rows = screening_rows(clinic, patient, row.practitioner, day, protocol)
                screenings.append(screening)
                answers += rows
                screened_on[patient.pk] = day
            session = TreatmentSession(
                patient=b.course.patient,
                clinic=clinic.clinic,
                author=row.practitioner,
                course=b.course,
                number=number,
                performed_on=day,
                checked_in_at=starts_at - timedelta(minutes=5),
                recheck=dict.fromkeys(RECHECK_KEYS, False),
                technique=rng.choice(["nappage", "papule"]),
                depth_mm=Decimal(3),
                needle_gauge=30,
                needle_length_mm=Decimal(4),
                duration_minutes=protocol.session_minutes,
                signed_at=row.ends_at,
            )
            sessions.append(session)
            areas.extend(SessionArea(session=session, area="thighs", side=s) for s in SIDES)
            for product in sorted(rng.sample(clinic.products, 2), key=lambda p: p.pk):
                volume = Decimal(rng.choice([100, 150, 200, 250])) / 100
                lot = stock.lot_for(product, day, volume, lots)
                lot.on_hand_ml -= volume
                uses.append((session, lot, product, volume, lot.on_hand_ml, row.practitioner))
            if rng.random() < ADVERSE_SHARE:
                followed.append(session)
        w.bulk(Screening, screenings)
        w.bulk(ScreeningAnswer, answers)
        for taken in screenings:
            w.audit(
                taken.author,
                Action.CREATE,
                f"screening {taken.pk}",
                clinic.clinic.pk,
                taken.patient.pk,
            )
        w.bulk(Lot, lots)
        w.bulk(TreatmentSession, sessions)
        w.bulk(SessionArea, areas)
        received = [
            StockMovement(
                lot=lot,
                clinic=clinic.clinic,
                kind=MovementKind.RECEIVED,
                quantity_ml=lot.received_ml,
                balance_after_ml=lot.received_ml,
                reason=f"{LOT_UNITS} units received",
                reference="Synthetic delivery",
                actor=clinic.admin,
            )
            for lot in lots
        ]
        used = [
            StockMovement(
                lot=lot,
                clinic=clinic.clinic,
                kind=MovementKind.USED,
                quantity_ml=-volume,
                balance_after_ml=balance,
                reference=f"chart {session.pk}",
                actor=actor,
            )
            for session, lot, _, volume, balance, actor in uses
        ]
        wasted = [
            StockMovement(
                lot=lot,
                clinic=clinic.clinic,
                kind=MovementKind.WASTED,
                quantity_ml=-left,
                balance_after_ml=Decimal("0.00"),
                reason="Remainder written off when the next lot was opened",
                actor=clinic.admin,
            )
            for lot, left in stock.wasted
        ]
        stock.wasted = []
        w.bulk(StockMovement, received + used + wasted)
        w.bulk(
            ProductApplication,
            [
                ProductApplication(
                    session=session, lot=lot, product=product, volume_ml=volume, movement=move
                )
                for (session, lot, product, volume, _, _), move in zip(uses, used, strict=True)
            ],
        )
        for s in sessions:
            w.audit(s.author, Action.SIGN, f"chart {s.pk}", clinic.clinic.pk, s.patient.pk)
        w.advance(len(chunk))
    Lot.objects.bulk_update(stock.all, ["on_hand_ml"], batch_size=1000)
    _adverse_events(clinic, followed, protocol, today, rng, w)
    return followed


def _adverse_events(
    clinic: SynthClinic,
    sessions: list[TreatmentSession],
    protocol: Protocol,
    today: date,
    rng: random.Random,
    w: Writer,
) -> None:
    """Bruising after a few sessions, mild, resolved within its expected days when those
    have passed; each names the session it follows and that session's lots."""
    kind = next(t for t in protocol.adverse_events if t.key == "bruising")
    low, high = kind.expected_days or (3, 10)
    events, followed = [], []
    for session in sessions:
        onset = session.performed_on + timedelta(days=1)
        if onset > today:
            continue
        resolved = onset + timedelta(days=rng.randint(low, high))
        events.append(
            AdverseEvent(
                patient=session.patient,
                clinic=clinic.clinic,
                author=session.author,
                event_type=kind.key,
                type_label=kind.label,
                expected_days_min=low,
                expected_days_max=high,
                type_serious=kind.serious,
                serious=is_serious(kind, "mild"),
                severity="mild",
                area="thighs",
                side=rng.choice(SIDES),
                onset_on=onset,
                description="Synthetic data.",
                event_status=EventStatus.RESOLVED if resolved <= today else EventStatus.ONGOING,
                resolved_on=resolved if resolved <= today else None,
                protocol_name=protocol.name,
                protocol_version=protocol.version,
            )
        )
        followed.append(session)
    w.bulk(AdverseEvent, events)
    through_sessions = AdverseEvent.follows_sessions.through
    through_lots = AdverseEvent.follows_lots.through
    session_of = {e.pk: s.pk for e, s in zip(events, followed, strict=True)}
    w.bulk(
        through_sessions,
        [through_sessions(adverseevent_id=e, treatmentsession_id=s) for e, s in session_of.items()],
    )
    lots = ProductApplication.objects.filter(session_id__in=session_of.values()).values_list(
        "session_id", "lot_id"
    )
    lots_of: dict[int, list[int]] = {}
    for session_id, lot_id in lots:
        lots_of.setdefault(session_id, []).append(lot_id)
    w.bulk(
        through_lots,
        [
            through_lots(adverseevent_id=e, lot_id=lot)
            for e, s in session_of.items()
            for lot in sorted(lots_of.get(s, []))
        ],
    )
    for e in events:
        w.audit(e.author, Action.CREATE, f"adverse event {e.pk}", clinic.clinic.pk, e.patient.pk)


def open_recalls(
    clinic: SynthClinic, booked: list[Booked], protocol: Protocol, today: date, w: Writer
) -> None:
    """A completed course opens its maintenance recall, due the grade's interval after its
    last session; one long past due was called and declined."""
    recalls, entries = [], []
    for b in booked:
        course = b.course
        interval = protocol.grades[course.nm_grade].maintenance_interval_days
        if course.state != CourseState.COMPLETED or interval is None:
            continue
        completed_on = course.last_session_on
        if completed_on is None:
            continue  # a completed synthetic course always has its last session
        due = maintenance_due_on(
            interval_days=interval, last_session_on=completed_on, completed_on=completed_on
        )
        if due is None:
            continue
        declined = due + timedelta(days=DECLINED_AFTER_DAYS) < today
        desk = clinic.desks[course.pk % 2]
        recall = Recall(
            clinic=clinic.clinic,
            patient=course.patient,
            course=course,
            completed_on=completed_on,
            interval_days=interval,
            due_on=due,
            call_on=due,
            state=RecallState.DECLINED if declined else RecallState.OPEN,
            created_by=course.author,
            closed_at=at(clinic, due + timedelta(days=2), 11) if declined else None,
            closed_by=desk if declined else None,
        )
        recalls.append(recall)
        if declined:
            entries.append(
                RecallEntry(
                    recall=recall,
                    kind=EntryKind.CALL,
                    outcome=CallOutcome.DECLINED,
                    note="Synthetic data.",
                    author=desk,
                )
            )
    w.bulk(Recall, recalls)
    w.bulk(RecallEntry, entries)
