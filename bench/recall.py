"""How fast the lot recall report comes back when a chain holds a million charted products,
against a scan of the same query measured in the same run (the baseline).

The chain is written straight into the tables with bulk inserts, never through the
services (charting a million sessions through them would take hours), but it is shaped
like a real one: clinics with their own products, patients and courses; each course's
sessions on the dates its estimate planned; two products per session; each product's lots
used one after another until empty, so every lot went to about fifty applications; a stock
movement per application with the lot's running balance; a few charts entered in error and
a few bruises recorded after a session.

The report is timed twice, after the first clinic is loaded and after the whole chain is:
served from the lot index, its time follows the size of the lot, not of the chain, while
the scan grows with every row. `python -m bench` runs it in a throwaway database (a
temporary SQLite file, or on PostgreSQL a test database beside the one `DATABASE_URL`
names); the configured database is never written.
"""

import json
import math
import os
import platform
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import (
    DateField,
    DecimalField,
    F,
    Field,
    JSONField,
    Max,
    Model,
    QuerySet,
)
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mesoclinic.adverse_events.models import AdverseEvent, EventStatus, Severity
from mesoclinic.assessments.models import Assessment, AssessmentKind
from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import (
    ProductApplication,
    SessionArea,
    Technique,
    TreatmentSession,
)
from mesoclinic.charting.recall import recall_report
from mesoclinic.charting.recheck import RECHECK_KEYS
from mesoclinic.clinics.models import Chain, Clinic, Membership, Role
from mesoclinic.courses.models import Course, CourseState, Expectation
from mesoclinic.domain.adverse import is_serious
from mesoclinic.domain.estimate import (
    AreaAssessment,
    CourseEstimate,
    PlanRequest,
    estimate_as_json,
    estimate_course,
)
from mesoclinic.domain.stock import MovementKind
from mesoclinic.formulary.models import Lot, Product, StockMovement, Unit
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import current_protocol

APPLICATIONS_PER_SESSION = 2
REPORT_SAMPLES = 50  # lots whose report is timed, at each size
HISTORY_DAYS = 5 * 365  # how far back the chain's charts go
SESSION_BATCH = 2_000
UNIT_ML = Decimal("5.00")
# Synthetic chart values, the ones the tests chart with: not clinical guidance.
DEPTH_MM, NEEDLE_GAUGE, NEEDLE_LENGTH_MM = Decimal("3.0"), 30, Decimal("4.0")
VOLUMES_ML = [Decimal(v) for v in ("1.00", "1.50", "2.00", "2.50", "3.00")]
ERROR_SHARE, BRUISE_SHARE = 0.01, 0.02
GIVEN = ["Ada", "Grace", "Mary", "Lena", "Sofia", "Chloe", "Amira", "Yuki", "Ines", "Maya"]
FAMILY = ["Smith", "Okafor", "Garcia", "Novak", "Haddad", "Kowalski", "Byrne", "Tanaka"]


@dataclass(frozen=True)
class ChainSize:
    applications: int
    lots: int
    clinics: int
    products_per_clinic: int


FULL = ChainSize(applications=1_000_000, lots=20_000, clinics=10, products_per_clinic=10)
QUICK = ChainSize(applications=20_000, lots=400, clinics=2, products_per_clinic=4)


@dataclass
class BenchChain:
    """What the generator made that the timing needs: who reads and which lots exist."""

    chain: Chain
    actor: Actor
    lot_ids: list[list[int]] = field(default_factory=list)  # per clinic, in creation order


def _share(total: int, parts: int, index: int) -> int:
    """Part `index` of `total` split into `parts` near-equal whole parts."""
    return total // parts + (1 if index < total % parts else 0)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def _estimate(start: date) -> CourseEstimate:
    """The protocol's own estimate for a grade 2 course with a moderate CSS."""
    areas = (
        AreaAssessment(area="thighs", side="left", nm_grade=2, css_total=8),
        AreaAssessment(area="thighs", side="right", nm_grade=2, css_total=8),
    )
    return estimate_course(PlanRequest(areas=areas, start=start), current_protocol())


def start_chain(name: str = "Bench chain") -> BenchChain:
    user = User(username=f"bench.practitioner.{name.lower().replace(' ', '-')}")
    user.set_unusable_password()
    user.save()
    return BenchChain(chain=Chain.objects.create(name=name), actor=Actor(user=user, via="cli"))


@dataclass(frozen=True)
class _Planned:
    course: int  # index into the clinic's courses
    number: int
    on: date
    products: tuple[int, ...]  # indexes into the clinic's products
    volumes: tuple[Decimal, ...]
    in_error: bool
    bruise: bool


class _Rows:
    """Rows of one table, written in bulk (`executemany`, or COPY on PostgreSQL) under ids
    given here (the next free ones), so related rows can point at them before anything is
    written. Values are keyed
    by column attribute (`patient_id`); a missing one takes the field's default, or the
    load's time for a timestamp the model stamps itself."""

    def __init__(self, model: type[Model], now: datetime) -> None:
        self.model = model
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.names = frozenset(f.attname for f in fields)
        self.fallback: dict[str, Any] = {}
        self.prepare: list[tuple[str, Callable[[Any], Any] | None]] = []
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.fallback[f.attname] = now
            else:  # the default, or "" for text, or None when nullable
                self.fallback[f.attname] = f.get_default()
            converts = isinstance(f, DateField | DecimalField | JSONField)  # incl. DateTime
            self.prepare.append(
                (f.attname, partial(_prepared, f, {}) if converts else None),
            )
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in [model._meta.pk, *fields] if f is not None)
        marks = ", ".join(["%s"] * (len(fields) + 1))
        # Table and column names from the model, values as parameters.
        table = quote(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        self.next_id = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows: list[tuple[Any, ...]] = []

    def add(self, **values: Any) -> int:
        row_id, self.next_id = self.next_id, self.next_id + 1
        unknown = values.keys() - self.names
        if unknown:
            raise TypeError(f"{self.model.__name__} has no {sorted(unknown)}")
        row = [row_id]
        for name, prepare in self.prepare:
            value = values.get(name, self.fallback[name])
            row.append(value if prepare is None or value is None else prepare(value))
        self.rows.append(tuple(row))
        return row_id

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: PostgreSQL's own bulk load
                with cursor.cursor.copy(self.copy) as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, self.rows)
        self.rows.clear()


def _prepared(field: "Field[Any, Any]", cache: dict[Any, Any], value: Any) -> Any:
    """The value as the database takes it; dates, times and volumes repeat, so each is
    converted once."""
    try:
        return cache[value]
    except KeyError:
        cache[value] = field.get_db_prep_save(value, connection)
        return cache[value]
    except TypeError:  # a dict or list for a JSON field
        return field.get_db_prep_save(value, connection)


def add_clinic(bench: BenchChain, size: ChainSize, index: int, rng: random.Random) -> None:
    """One clinic of the chain with its share of the patients, charts and lots."""
    protocol = current_protocol()
    user = bench.actor.user
    today = timezone.localdate()
    now = timezone.now()
    clinic = Clinic.objects.create(chain=bench.chain, name=f"Clinic {index + 1}")
    Membership.objects.create(user=user, clinic=clinic, role=Role.PRACTITIONER)
    sessions = _share(size.applications // APPLICATIONS_PER_SESSION, size.clinics, index)
    lots_here = _share(size.lots, size.clinics, index)
    products = Product.objects.bulk_create(
        Product(
            clinic=clinic,
            name=f"Product {p + 1}",
            description="Benchmark product",
            ingredients=["caffeine"],
            mechanisms=["fat"],
            form="solution for injection",
            unit=Unit.AMPOULE,
            volume_per_unit_ml=UNIT_ML,
            session_limit_ml=UNIT_ML,
            session_limit_basis="clinic policy",
            created_by=user,
        )
        for p in range(size.products_per_clinic)
    )
    tables = {
        model: _Rows(model, now)
        for model in (
            Patient,
            Assessment,
            Course,
            Lot,
            StockMovement,
            TreatmentSession,
            SessionArea,
            ProductApplication,
            AdverseEvent,
        )
    }

    def flush() -> None:
        for rows in tables.values():  # in this order, parents first
            rows.flush()

    mine = {"clinic_id": clinic.id, "author_id": user.id}

    # Courses: one per patient, each as many sessions as the estimate recommends.
    estimates: dict[date, CourseEstimate] = {}
    starts: list[date] = []
    planned: list[_Planned] = []
    while len(planned) < sessions:
        start = today - timedelta(days=rng.randrange(120, HISTORY_DAYS))
        if start not in estimates:
            estimates[start] = _estimate(start)
        for number, on in enumerate(estimates[start].dates[: sessions - len(planned)], start=1):
            picked = tuple(rng.sample(range(len(products)), APPLICATIONS_PER_SESSION))
            planned.append(
                _Planned(
                    course=len(starts),
                    number=number,
                    on=on,
                    products=picked,
                    volumes=tuple(rng.choice(VOLUMES_ML) for _ in picked),
                    in_error=rng.random() < ERROR_SHARE,
                    bruise=rng.random() < BRUISE_SHARE,
                )
            )
        starts.append(start)
    done = Counter(p.course for p in planned)

    patient_ids, course_ids = [], []
    for n, start in enumerate(starts):
        estimate = estimates[start]
        last = estimate.dates[done[n] - 1]
        finished = done[n] == estimate.recommended
        patient = tables[Patient].add(
            clinic_id=clinic.id,
            given_name=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            date_of_birth=date(1960, 1, 1) + timedelta(days=rng.randrange(45 * 365)),
            phone=f"+44 7700 {900000 + n % 1000}",  # the range kept for drama: no one's
            phone_digits=f"447700{900000 + n % 1000}",
            email=f"patient{index}-{n}@example.org",
            may_contact=rng.random() < 0.8,
            created_at=_at(start - timedelta(days=3)),
            created_by_id=user.id,
        )
        assessment = tables[Assessment].add(
            patient_id=patient,
            **mine,
            created_at=_at(start - timedelta(days=3)),
            assessed_on=start - timedelta(days=3),
            kind=AssessmentKind.INITIAL,
            protocol_name=protocol.name,
            protocol_version=protocol.version,
            signed_at=_at(start - timedelta(days=3)),
        )
        course = tables[Course].add(
            patient_id=patient,
            **mine,
            created_at=_at(start - timedelta(days=3)),
            assessment_id=assessment,
            state=CourseState.COMPLETED if finished else CourseState.ACTIVE,
            nm_grade=2,
            cadence_days=estimate.cadence_days,
            expectation=Expectation.MODEST,
            lifestyle=False,
            starts_on=start,
            sessions_recommended=estimate.recommended,
            sessions_planned=estimate.recommended,
            sessions_done=done[n],
            planned_dates=[day.isoformat() for day in estimate.dates],
            sessions_done_total=done[n],
            last_session_on=last,
            estimate=estimate_as_json(estimate),
            protocol_name=protocol.name,
            protocol_version=protocol.version,
            started_at=_at(start),
            started_by_id=user.id,
            ended_at=_at(last) if finished else None,
            ended_by_id=user.id if finished else None,
        )
        patient_ids.append(patient)
        course_ids.append(course)

    # Each product's lots are used in turn, in date order, about equally.
    planned.sort(key=lambda p: (p.on, p.course))
    uses = Counter(product for p in planned for product in p.products)
    lines = [
        _share(lots_here, size.products_per_clinic, p) for p in range(size.products_per_clinic)
    ]
    seen: Counter[int] = Counter()
    lot_of: list[tuple[int, ...]] = []  # per planned session: the line of each product
    used_ml: dict[tuple[int, int], Decimal] = {}
    first_use: dict[tuple[int, int], date] = {}
    last_use: dict[tuple[int, int], date] = {}
    for p in planned:
        chosen = []
        for product, volume in zip(p.products, p.volumes, strict=True):
            line = seen[product] * lines[product] // uses[product]
            seen[product] += 1
            key = (product, line)
            used_ml[key] = used_ml.get(key, Decimal(0)) + volume
            first_use.setdefault(key, p.on)
            last_use[key] = p.on
            chosen.append(line)
        lot_of.append(tuple(chosen))
    lot_ids: dict[tuple[int, int], int] = {}
    balance: dict[tuple[int, int], Decimal] = {}
    for product_index, product_row in enumerate(products):
        for line in range(lines[product_index]):
            key = (product_index, line)
            used = used_ml.get(key, Decimal(0))
            units = math.ceil(used / UNIT_ML) + 1
            balance[key] = units * UNIT_ML
            received_on = first_use.get(key, today) - timedelta(days=7)
            lot_ids[key] = tables[Lot].add(
                product_id=product_row.id,
                clinic_id=clinic.id,
                lot_number=f"B{index + 1:02d}-{product_index + 1:02d}-{line + 1:05d}",
                expiry_date=last_use.get(key, today) + timedelta(days=90),
                supplier="Pharma Supplies Ltd",
                quantity_received_units=units,
                received_ml=balance[key],
                received_on=received_on,
                received_by_id=user.id,
                on_hand_ml=balance[key] - used,
                created_at=_at(received_on),
            )
            tables[StockMovement].add(
                lot_id=lot_ids[key],
                clinic_id=clinic.id,
                kind=MovementKind.RECEIVED,
                quantity_ml=balance[key],
                balance_after_ml=balance[key],
                reference="delivery note",
                actor_id=user.id,
                at=_at(received_on),
            )
    bench.lot_ids.append(list(lot_ids.values()))

    bruising = next(t for t in protocol.adverse_events if t.key == "bruising")
    low, high = bruising.expected_days or (None, None)
    for number, (p, lines_used) in enumerate(zip(planned, lot_of, strict=True)):
        at = _at(p.on)
        session = tables[TreatmentSession].add(
            patient_id=patient_ids[p.course],
            **mine,
            created_at=at,
            status=RecordStatus.ENTERED_IN_ERROR if p.in_error else RecordStatus.ACTIVE,
            status_reason="Charted for the wrong patient" if p.in_error else "",
            status_changed_at=at if p.in_error else None,
            status_changed_by_id=user.id if p.in_error else None,
            course_id=course_ids[p.course],
            number=p.number,
            performed_on=p.on,
            recheck=dict.fromkeys(RECHECK_KEYS, False),
            technique=Technique.NAPPAGE,
            depth_mm=DEPTH_MM,
            needle_gauge=NEEDLE_GAUGE,
            needle_length_mm=NEEDLE_LENGTH_MM,
            duration_minutes=estimates[starts[p.course]].session_minutes,
            signed_at=at,
        )
        for side in ("left", "right"):
            tables[SessionArea].add(session_id=session, area="thighs", side=side)
        for product, line, volume in zip(p.products, lines_used, p.volumes, strict=True):
            key = (product, line)
            balance[key] -= volume
            movement = tables[StockMovement].add(
                lot_id=lot_ids[key],
                clinic_id=clinic.id,
                kind=MovementKind.USED,
                quantity_ml=-volume,
                balance_after_ml=balance[key],
                reference=f"chart {session}",
                actor_id=user.id,
                at=at,
            )
            tables[ProductApplication].add(
                session_id=session,
                lot_id=lot_ids[key],
                product_id=products[product].id,
                volume_ml=volume,
                movement_id=movement,
            )
        if p.bruise and not p.in_error:
            tables[AdverseEvent].add(
                patient_id=patient_ids[p.course],
                **mine,
                created_at=at + timedelta(days=1),
                event_type=bruising.key,
                type_label=bruising.label,
                expected_days_min=low,
                expected_days_max=high,
                type_serious=bruising.serious,
                serious=is_serious(bruising, Severity.MILD),
                severity=Severity.MILD,
                area="thighs",
                side="left",
                onset_on=p.on + timedelta(days=1),
                event_status=EventStatus.RESOLVED,
                resolved_on=p.on + timedelta(days=1 + (high or 0)),
                protocol_name=protocol.name,
                protocol_version=protocol.version,
            )
        if number % SESSION_BATCH == SESSION_BATCH - 1:
            flush()
    flush()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(tables)):
            cursor.execute(statement)


def analyze() -> None:
    """Refresh the planner's statistics, as after any bulk load."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def build_chain(size: ChainSize, *, seed: int = 4, name: str = "Bench chain") -> BenchChain:
    """A whole chain at `size`, with fresh planner statistics."""
    rng = random.Random(seed)
    bench = start_chain(name)
    for index in range(size.clinics):
        with transaction.atomic():
            add_clinic(bench, size, index, rng)
    analyze()
    return bench


def report_query(lot_id: int, *, scan: bool = False) -> QuerySet[ProductApplication, Any]:
    """The report's query, as `recall_report` builds it; `scan` matches the lot through an
    expression no index covers, so the database has to read every application (or every
    session) to find the lot's."""
    applications = ProductApplication.objects.all()
    if scan:
        applications = applications.alias(lot_unindexed=F("lot_id") + 0).filter(
            lot_unindexed=lot_id
        )
    else:
        applications = applications.filter(lot_id=lot_id)
    return (
        applications.filter(session__status=RecordStatus.ACTIVE)
        .order_by("-session__performed_on", "-id")
        .values_list(
            "volume_ml",
            "session_id",
            "session__performed_on",
            "session__patient_id",
            "session__patient__given_name",
            "session__patient__family_name",
            "session__patient__phone",
            "session__patient__email",
            "session__patient__may_contact",
        )
    )


def explain(queryset: QuerySet[Any]) -> list[str]:
    """The database's plan for a query, one line per step."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[3] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0].strip() for row in cursor.fetchall()]


def plan_steps(lines: Sequence[str]) -> str:
    """The plan's steps that read a table, shortened: how the rows are found."""
    steps = []
    for line in lines:
        step = line.strip().removeprefix("->").strip().split("  (cost=")[0]
        if step.startswith(("SCAN", "SEARCH")) or " Scan " in f" {step} ":
            steps.append(step)
    return "; ".join(steps)


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {"n": len(ordered), "p50": round(at(0.5), 3), "p95": round(at(0.95), 3)}


def _fetch(lot_id: int, scan: bool = False) -> list[ProductApplication]:
    return list(report_query(lot_id, scan=scan))


def _time(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def measure(bench: BenchChain, lot_ids: list[int], *, scans: int, seed: int) -> dict[str, Any]:
    """Time the report on `REPORT_SAMPLES` random lots, the same query alone, and the scan."""
    rng = random.Random(seed)
    sample = rng.sample(lot_ids, min(REPORT_SAMPLES, len(lot_ids)))
    recall_report(bench.actor, sample[0])  # warm the caches and the protocol once
    list(report_query(sample[0], scan=True))
    with CaptureQueriesContext(connection) as queries:
        _, rows = recall_report(bench.actor, sample[0])
    report, query, scan = [], [], []
    for lot_id in sample:
        report.append(_time(partial(recall_report, bench.actor, lot_id)))
        query.append(_time(partial(_fetch, lot_id)))
    for lot_id in sample[:scans]:
        scan.append(_time(partial(_fetch, lot_id, scan=True)))
    received = [report_query(lot_id).count() for lot_id in sample]
    return {
        # Whole tables: what a scan has to read.
        "applications": ProductApplication.objects.count(),
        "sessions": TreatmentSession.objects.count(),
        "patients": Patient.objects.count(),
        "lots": Lot.objects.count(),
        "stock_movements": StockMovement.objects.count(),
        "lots_sampled": len(sample),
        "rows_per_report": {"min": min(received), "max": max(received)},
        "report_queries": len(queries),
        "report_rows_first_lot": len(rows),
        "recall_report_ms": _ms(report),
        "report_query_ms": _ms(query),
        "scan_baseline_ms": _ms(scan),
        "plan": plan_steps(explain(report_query(sample[0]))),
        "scan_plan": plan_steps(explain(report_query(sample[0], scan=True))),
    }


def _database() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    version: int = getattr(connection, "pg_version", 0)  # e.g. 150005
    return f"PostgreSQL {version // 10000}.{version % 10000}"


@contextmanager
def _throwaway_database() -> Iterator[None]:
    """A new database migrated from scratch, deleted afterwards: on SQLite a file in the
    var directory (`python -m bench` points it at a temporary one), on PostgreSQL a test
    database on the server `DATABASE_URL` names."""
    if connection.vendor == "sqlite":
        test = connection.settings_dict["TEST"]
        test["NAME"] = str(Path(settings.VAR_DIR) / "recall-bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _pair(timing: dict[str, float]) -> str:
    return f"{timing['p50']:.1f} / {timing['p95']:.1f}"


def _table(results: dict[str, Any], quick: bool) -> str:
    stages, machine, size = results["stages"], results["machine"], results["size"]
    first = size["clinics"] // 10 or 1

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> str:
        return f"| {label} | " + " | ".join(cell(stage) for stage in stages) + " |"

    header = " | ".join(f"{s['applications']:,} applications" for s in stages)
    return "\n".join(
        [
            "# Lot recall report benchmark",
            "",
            f"Machine: {machine['cores']} cores, Python {machine['python']}, "
            f"{results['database']}."
            + (" Quick run: numbers are indicative only." if quick else ""),
            "",
            f"A generated chain of {size['clinics']} clinics; each product's lots used in turn, "
            f"so a lot went to about {size['applications'] // size['lots']} applications. "
            f"Timed on {stages[-1]['lots_sampled']} random lots after the first "
            f"{'clinic was' if first == 1 else f'{first} clinics were'} loaded and again after "
            "the whole chain. Baseline: the report's own query with "
            "the lot matched through `lot_id + 0`, which no index covers, so the database "
            "reads every session or every application to find the lot's (measured in the "
            "same run). Plans after `ANALYZE`, as after any bulk load.",
            "",
            f"| measure | {header} |",
            "|---|" + "---|" * len(stages),
            row("patients / sessions", lambda s: f"{s['patients']:,} / {s['sessions']:,}"),
            row("lots / stock movements", lambda s: f"{s['lots']:,} / {s['stock_movements']:,}"),
            row(
                "rows per report (min–max)",
                lambda s: f"{s['rows_per_report']['min']}–{s['rows_per_report']['max']}",
            ),
            row(
                f"`recall_report` p50 / p95 (ms, n={stages[-1]['recall_report_ms']['n']})",
                lambda s: _pair(s["recall_report_ms"]),
            ),
            row(
                "its application query alone p50 / p95 (ms)",
                lambda s: _pair(s["report_query_ms"]),
            ),
            row(
                f"scan baseline p50 / p95 (ms, n={stages[-1]['scan_baseline_ms']['n']})",
                lambda s: _pair(s["scan_baseline_ms"]),
            ),
            row("baseline / query (p50)", lambda s: f"{s['scan_over_query']:.1f}×"),
            row("baseline / whole report (p50)", lambda s: f"{s['scan_over_report']:.1f}×"),
            row("plan of the report's query", lambda s: f"`{s['plan']}`"),
            row("plan of the baseline", lambda s: f"`{s['scan_plan']}`"),
            "",
            *(
                [
                    f"From {stages[0]['applications']:,} to {stages[-1]['applications']:,} "
                    f"applications the report's p50 went ×{results['report_growth']:.2f} and "
                    f"the scan's ×{results['scan_growth']:.1f}.",
                    "",
                ]
                if len(stages) > 1
                else []
            ),
            "Besides its query the whole report checks access, reads the patients' adverse "
            "events and writes an audit row per patient "
            f"({stages[-1]['report_queries']} queries for a lot of "
            f"{stages[-1]['report_rows_first_lot']} rows). "
            f"Generating the chain took {results['generate_s']:.0f} s.",
            "",
        ]
    )


def run(
    *,
    quick: bool,
    out_dir: Path,
    size: ChainSize | None = None,
    throwaway_database: bool = True,
) -> dict[str, Any]:
    """Generate the chain, time the report at two sizes, write recall[-quick].md/.json.

    `throwaway_database=False` uses the current connection as it is (the tests' database).
    """
    size = size or (QUICK if quick else FULL)
    scans = 5 if quick else 10
    first = size.clinics // 10 or 1  # the first measurement: a tenth of the chain
    generate_s = 0.0
    stages = []
    with _throwaway_database() if throwaway_database else nullcontext():
        rng = random.Random(4)
        bench = start_chain()
        for index in range(size.clinics):
            started = time.perf_counter()
            with transaction.atomic():
                add_clinic(bench, size, index, rng)
            generate_s += time.perf_counter() - started
            if index + 1 in (first, size.clinics):
                started = time.perf_counter()
                analyze()
                generate_s += time.perf_counter() - started
                lot_ids = [lot for clinic in bench.lot_ids for lot in clinic]
                stages.append(measure(bench, lot_ids, scans=scans, seed=index))
        database = _database()
    for stage in stages:
        stage["scan_over_query"] = round(
            stage["scan_baseline_ms"]["p50"] / stage["report_query_ms"]["p50"], 1
        )
        stage["scan_over_report"] = round(
            stage["scan_baseline_ms"]["p50"] / stage["recall_report_ms"]["p50"], 2
        )
    results: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "database": database,
        "size": asdict(size),
        "generate_s": round(generate_s, 1),
        "stages": stages,
        "report_growth": round(
            stages[-1]["recall_report_ms"]["p50"] / stages[0]["recall_report_ms"]["p50"], 2
        ),
        "scan_growth": round(
            stages[-1]["scan_baseline_ms"]["p50"] / stages[0]["scan_baseline_ms"]["p50"], 2
        ),
    }
    table = _table(results, quick)
    print(table)
    name = "recall-quick" if quick else "recall"
    (out_dir / f"{name}.md").write_text(table, encoding="utf-8")
    (out_dir / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results
