"""How long the clinic dashboard takes to refresh its stored figures and to render, at the
demo's size and at 10 and 100 times it, against computing the figures on every view (the
baseline, measured in the same run).

The clinics are written straight into the tables with bulk inserts, as the recall
benchmark writes its chain, never through the services, but shaped like the demo's: two
clinics sharing 30 patients each per size step, one course per patient (completed,
stopped or running), a signed baseline and, for completed courses, a signed final
reassessment with both thighs measured, weekly charted sessions, a bruise after a few of
them, and this week's bookings for running courses in three rooms with three
practitioners. The same clinics grow from step to step, so the page's cost can be read
against the size of the history it summarises.

`python -m bench.dashboard [--quick]` runs in a throwaway database (a temporary SQLite
file, or on PostgreSQL a test database beside the one `DATABASE_URL` names); the
configured database is never written.
"""

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"
CLINICS = ("Riverside", "Hillcrest")
DEMO_PATIENTS_PER_CLINIC = 30  # the demo loads 60 patients over its two clinics
SCALES = (1, 10, 100)
QUICK_SCALES = (1, 10)
GRADE_WEIGHTS = {1: 3, 2: 5, 3: 2}  # as the demo's: grade 2 the most common
SESSIONS = {1: (1, 1), 2: (3, 15), 3: (21, 30)}
BRUISE_SHARE = 0.03
SLOTS = [clock(hour) for hour in range(9, 17)]  # one-hour bookings, 09:00 to 17:00


def _ms(samples: list[float]) -> float:
    return round(1000 * statistics.median(samples), 2)


def _timed(action: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


class BenchClinic:
    """What the generator keeps of one clinic between size steps."""

    def __init__(self, name: str, now: datetime) -> None:
        from django.contrib.auth.models import User

        from mesoclinic.clinics.models import Chain, Membership, OpeningHours, Room
        from mesoclinic.clinics.models import Clinic as ClinicRow
        from mesoclinic.rota.models import Shift

        chain, _ = Chain.objects.get_or_create(name="Bench chain")
        self.row = ClinicRow.objects.create(chain=chain, name=name, time_zone="Europe/London")
        self.rooms = [Room.objects.create(clinic=self.row, name=f"Room {n}") for n in (1, 2, 3)]
        self.staff = []
        for n in (1, 2, 3):
            user = User.objects.create(username=f"{name.lower()}.practitioner{n}")
            Membership.objects.create(user=user, clinic=self.row, role="practitioner")
            self.staff.append(user)
        for weekday in range(5):
            OpeningHours.objects.create(
                clinic=self.row, weekday=weekday, opens=clock(9), closes=clock(17, 30)
            )
            for user in self.staff:
                Shift.objects.create(
                    clinic=self.row,
                    practitioner=user,
                    weekday=weekday,
                    starts=clock(9),
                    ends=clock(17, 30),
                )
        self.today = now.astimezone(ZoneInfo(self.row.time_zone)).date()
        self.monday = self.today - timedelta(days=self.today.weekday())
        self.next_slot = 0  # this week's bookings so far, slot by slot


def _assessment(
    model: Any, patient: Any, clinic: BenchClinic, on: date, kind: str, **extra: Any
) -> Any:
    return model(
        patient=patient,
        clinic=clinic.row,
        author=clinic.staff[0],
        assessed_on=on,
        kind=kind,
        protocol_name="bench",
        protocol_version="1",
        signed_at=datetime(on.year, on.month, on.day, 12, tzinfo=UTC),
        **extra,
    )


def _areas(model: Any, assessment: Any, grade: int, css: int, cm: Decimal) -> list[Any]:
    return [
        model(
            assessment=assessment,
            area="thighs",
            side=side,
            nm_grade=grade if side == "left" else max(grade - 1, 0),
            css_total=css,
            circumference_cm=cm,
        )
        for side in ("left", "right")
    ]


def grow(clinic: BenchClinic, patients: int, rng: random.Random) -> None:
    """Add `patients` patients to the clinic, each with one course and its history."""
    from mesoclinic.adverse_events.models import AdverseEvent
    from mesoclinic.appointments.models import Appointment
    from mesoclinic.assessments.models import AreaScore, Assessment
    from mesoclinic.charting.models import TreatmentSession
    from mesoclinic.courses.models import Course
    from mesoclinic.patients.models import Patient

    rows = Patient.objects.bulk_create(
        Patient(
            clinic=clinic.row,
            given_name="Bench",
            family_name=f"Patient {n}",
            date_of_birth=clinic.today - timedelta(days=rng.randint(20 * 365, 60 * 365)),
            created_by=clinic.staff[0],
        )
        for n in range(patients)
    )
    grades = rng.choices(list(GRADE_WEIGHTS), weights=list(GRADE_WEIGHTS.values()), k=patients)
    states = rng.choices(["completed", "stopped", "active"], weights=[5, 1, 4], k=patients)
    sessions = [rng.randint(*SESSIONS[grade]) for grade in grades]
    starts = [clinic.today - timedelta(days=7 * (n + rng.randint(2, 40))) for n in sessions]
    css = [rng.randint(5, 14) for _ in rows]
    cm = [Decimal(rng.randint(550, 650)) / 10 for _ in rows]
    baselines = Assessment.objects.bulk_create(
        _assessment(Assessment, p, clinic, start - timedelta(days=7), "initial")
        for p, start in zip(rows, starts, strict=True)
    )
    AreaScore.objects.bulk_create(
        area
        for b, g, c, m in zip(baselines, grades, css, cm, strict=True)
        for area in _areas(AreaScore, b, g, c, m)
    )
    courses = Course.objects.bulk_create(
        Course(
            patient=p,
            clinic=clinic.row,
            author=clinic.staff[0],
            assessment=b,
            state=state,
            nm_grade=grade,
            cadence_days=7,
            expectation="modest",
            lifestyle=False,
            starts_on=start,
            sessions_recommended=done,
            sessions_planned=done,
            sessions_done=done,
            sessions_done_total=done,
            planned_dates=[],
            estimate={},
            protocol_name="bench",
            protocol_version="1",
            stop_reason="Stopped at the patient's request (bench)." if state == "stopped" else "",
        )
        for p, b, state, grade, done, start in zip(
            rows, baselines, states, grades, sessions, starts, strict=True
        )
    )
    done_courses = [n for n, state in enumerate(states) if state == "completed"]
    finals = Assessment.objects.bulk_create(
        _assessment(
            Assessment,
            rows[n],
            clinic,
            starts[n] + timedelta(days=7 * sessions[n]),
            "follow_up",
            course=courses[n],
        )
        for n in done_courses
    )
    AreaScore.objects.bulk_create(
        area
        for final, n in zip(finals, done_courses, strict=True)
        for area in _areas(
            AreaScore,
            final,
            grades[n],
            max(0, css[n] - rng.randint(0, 5)),
            cm[n] + Decimal(rng.randint(-30, 10)) / 10,
        )
    )
    charted = TreatmentSession.objects.bulk_create(
        TreatmentSession(
            patient=course.patient,
            clinic=clinic.row,
            author=clinic.staff[0],
            course=course,
            number=number,
            performed_on=course.starts_on + timedelta(days=7 * (number - 1)),
            recheck={},
            technique="nappage",
            depth_mm=Decimal("3.0"),
            needle_gauge=30,
            needle_length_mm=Decimal("4.0"),
            duration_minutes=60,
            signed_at=datetime.now(UTC),
        )
        for course in courses
        for number in range(1, course.sessions_done_total + 1)
    )
    AdverseEvent.objects.bulk_create(
        AdverseEvent(
            patient=session.patient,
            clinic=clinic.row,
            author=clinic.staff[0],
            event_type="bruising",
            type_label="Bruising",
            type_serious=False,
            serious=False,
            severity="mild",
            onset_on=session.performed_on + timedelta(days=1),
            protocol_name="bench",
            protocol_version="1",
        )
        for session in charted
        if rng.random() < BRUISE_SHARE
    )
    bookings = []
    zone = ZoneInfo(clinic.row.time_zone)
    for course in (c for c, state in zip(courses, states, strict=True) if state == "active"):
        slot = clinic.next_slot
        day, hour = divmod(slot // len(clinic.rooms), len(SLOTS))
        if day >= 5:
            break  # this week's diary is full
        clinic.next_slot += 1
        which = slot % len(clinic.rooms)
        starts_at = datetime.combine(clinic.monday + timedelta(days=day), SLOTS[hour], zone)
        bookings.append(
            Appointment(
                clinic=clinic.row,
                patient=course.patient,
                course=course,
                number=course.sessions_done_total + 1,
                practitioner=clinic.staff[which],
                room=clinic.rooms[which],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=50),
                held_until=starts_at + timedelta(minutes=60),
                booked_by=clinic.staff[0],
            )
        )
    Appointment.objects.bulk_create(bookings)


def measure(clinic: BenchClinic, repeats: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from mesoclinic.charting.models import TreatmentSession
    from mesoclinic.courses.models import Course
    from mesoclinic.dashboard.models import ClinicSnapshot
    from mesoclinic.dashboard.services import figures_refresh

    client = Client()
    client.force_login(clinic.staff[0])
    url = f"/dashboard/{clinic.row.id}/"

    def view() -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    def stale_view() -> None:
        # The baseline: no stored figures, so the view computes them, as a dashboard
        # without a snapshot would on every request.
        ClinicSnapshot.objects.filter(clinic=clinic.row).delete()
        view()

    refresh = _timed(lambda: figures_refresh(clinic=clinic.row, now=timezone.now()), repeats)
    view()  # the snapshot is fresh from here on
    stored = _timed(view, repeats * 4)
    with CaptureQueriesContext(connection) as queries:
        view()
    per_view = len(queries)  # now: the next request empties the connection's query log
    computed = _timed(stale_view, repeats)
    return {
        "courses": Course.objects.filter(clinic=clinic.row).count(),
        "sessions": TreatmentSession.objects.filter(clinic=clinic.row).count(),
        "refresh_ms": _ms(refresh),
        "view_stored_ms": _ms(stored),
        "view_computing_ms": _ms(computed),
        "queries_per_view": per_view,
        "computing_over_stored": round(statistics.median(computed) / statistics.median(stored), 1),
    }


@contextmanager
def throwaway_database() -> Iterator[None]:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(
            Path(settings.VAR_DIR) / "dashboard-bench.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def table(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        "# Clinic dashboard benchmark",
        "",
        f"Machine: {machine['cores']} cores, Python {machine['python']}, {results['database']}."
        + (" Quick run: numbers are indicative only." if results["quick"] else ""),
        "",
        "One clinic of a generated two-clinic chain, grown from the demo's size (30 patients "
        "a clinic, one course each) to 10 and 100 times it. *Refresh*: computing and storing "
        "the clinic's figures (`mesoclinic figures refresh`). *View, stored figures*: the "
        "page as it is served, reading the snapshot. *View, computing* (the baseline, same "
        "run): the page when it has to compute the figures and find the flagged courses first, "
        "as it would without a snapshot (finding flagged courses reads every running course's "
        "progress). Medians; the page is fetched through Django's test client, so the times "
        "include middleware and template rendering but no network.",
        "",
        "| size | courses | charted sessions | refresh (ms) | view, stored figures (ms) "
        "| view, computing (ms) | computing / stored | queries per view |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in results["steps"]:
        lines.append(
            f"| {row['scale']}× demo | {row['courses']:,} | {row['sessions']:,} "
            f"| {row['refresh_ms']} | {row['view_stored_ms']} | {row['view_computing_ms']} "
            f"| {row['computing_over_stored']} | {row['queries_per_view']} |"
        )
    first, last = results["steps"][0], results["steps"][-1]
    lines += [
        "",
        f"From {first['scale']}× to {last['scale']}× the demo's size the refresh took "
        f"{last['refresh_ms'] / first['refresh_ms']:.1f} times as long and a view reading the "
        f"stored figures {last['view_stored_ms'] / first['view_stored_ms']:.1f} times as long, "
        f"with {last['queries_per_view']} queries at every size. A view that finds its "
        "figures stale pays for one refresh and one search for flagged courses, at most once "
        "every five minutes per clinic.",
    ]
    return "\n".join(lines) + "\n"


def run(
    *,
    quick: bool,
    out_dir: Path,
    throwaway: bool = True,
    scales: tuple[int, ...] | None = None,
) -> dict[str, Any]:
    """Grow the clinics step by step, time each step, write dashboard[-quick].md/.json.
    `throwaway=False` uses the current connection as it is (the tests' database)."""
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    scales = scales or (QUICK_SCALES if quick else SCALES)
    repeats = 2 if quick else 5
    steps = []
    if throwaway:
        setup_test_environment()  # the test client's host name is allowed
    with throwaway_database() if throwaway else _nothing():
        rng = random.Random(11)
        now = timezone.now()
        with transaction.atomic():
            clinics = [BenchClinic(name, now) for name in CLINICS]
        grown = 0
        for scale in scales:
            with transaction.atomic():
                for clinic in clinics:
                    grow(clinic, DEMO_PATIENTS_PER_CLINIC * scale - grown, rng)
            grown = DEMO_PATIENTS_PER_CLINIC * scale
            steps.append({"scale": scale, **measure(clinics[0], repeats)})
        vendor = connection.vendor
        version = getattr(connection, "pg_version", 0)
    import sqlite3

    database = (
        f"SQLite {sqlite3.sqlite_version}"
        if vendor == "sqlite"
        else f"PostgreSQL {version // 10000}.{version % 10000}"
    )
    results = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "database": database,
        "quick": quick,
        "steps": steps,
    }
    text = table(results)
    print(text)
    name = "dashboard-quick" if quick else "dashboard"
    (out_dir / f"{name}.md").write_text(text, encoding="utf-8")
    (out_dir / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard")
    parser.add_argument("--quick", action="store_true", help="two sizes, few repetitions")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    args.out.mkdir(parents=True, exist_ok=True)
    # Django's var directory (secret key, SQLite file) is a temporary one, so the
    # developer's database under var/ is never opened.
    var_dir = tempfile.mkdtemp(prefix="mesoclinic-bench-")
    os.environ["MESOCLINIC_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "mesoclinic.settings"
    try:
        import django

        django.setup()
        run(quick=args.quick, out_dir=args.out)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
