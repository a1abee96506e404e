"""Availability end to end: the booking page's and the API's whole search for a new course,
the clinic's calendar read from the database plus the search, timed beside the search
alone over the same calendar, at the demo's size and at 10 and 50 times it (50×: 32,000
appointments at one clinic).

The clinic is the scheduling benchmark's generated M clinic (12 practitioners, 8 rooms) at
load 0.85, written into a throwaway database with bulk inserts (see
`scheduling_calendar_db`): a temporary SQLite file, or on PostgreSQL a test database beside
the one `DATABASE_URL` names. The probes are the front desk's new courses of the
scheduling benchmark. `python -m bench.scheduling --availability-only [--quick]`.
"""

import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

from bench.scheduling_calendar_db import grow_to, write_clinic
from bench.scheduling_front_desk import percentiles, probes, timed
from mesoclinic.protocols import load_protocol
from mesoclinic.scheduling.generate import generate
from mesoclinic.scheduling.greedy import greedy

DEMO_APPOINTMENTS = 640  # at one clinic: 50× the demo is 32,000
SIZES = ((1, "M"), (10, "M"), (50, "M"))
QUICK_SIZES = ((1, "quick"), (3, "quick"))
QUICK_DEMO = 40
TARGET_MS = 60  # p95 at 50× on PostgreSQL, end to end
SECTION = "<!-- availability end to end -->"
SECTION_END = "<!-- /availability end to end -->"


def measure(built: Any, requests: list[Any], repeats: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mesoclinic.appointments.booking.plans import (
        calendar_from_now,
        clinic_plans,
        search_window,
    )
    from mesoclinic.scheduling.availability import find_plans

    now = datetime.combine(built.instance.horizon.first, clock(7))
    asked = [replace(r, clinic_id=str(built.row.id)) for r in requests]
    whole, best, cpu, alone, rows, found = [], [], [], [], [], 0
    for request in asked:
        tries = []
        for _ in range(repeats):
            started = time.process_time()
            result, seconds = timed(lambda r=request: clinic_plans(built.row, r, now))
            cpu.append(1000 * (time.process_time() - started))
            tries.append(1000 * seconds)
            calendar = calendar_from_now(built.row, *search_window(request), now)
            _, seconds = timed(lambda c=calendar, r=request: find_plans(c, r))
            alone.append(1000 * seconds)
        whole += tries
        # The best of a probe's tries: its cost when nothing else held the cores meanwhile.
        best.append(min(tries))
        found += bool(result.plans)
        rows.append(len(calendar.booked))
    with CaptureQueriesContext(connection) as queries:
        clinic_plans(built.row, asked[0], now)
    from mesoclinic.appointments.models import Appointment

    return {
        "appointments": Appointment.objects.filter(clinic=built.row).count(),
        "end_to_end_ms": percentiles(whole, 1),
        "end_to_end_best_ms": percentiles(best, 1),
        # The app's own CPU time: on a busy machine the wall clock counts other programs.
        "end_to_end_app_cpu_ms": percentiles(cpu, 1),
        "search_alone_ms": percentiles(alone, 1),
        "calendar_rows": int(statistics.median(rows)),
        "queries": len(queries),
        "with_a_plan": f"{found}/{len(asked)}",
    }


@contextmanager
def throwaway_database() -> Iterator[None]:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(settings.VAR_DIR) / "scheduling-bench.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(path)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


@contextmanager
def _as_it_is() -> Iterator[None]:
    yield


def _database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    version = getattr(connection, "pg_version", 0)
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def _analyse() -> None:
    """Fresh statistics, as autovacuum would have them on a clinic's server."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(*, quick: bool, out_dir: Path, throwaway: bool = True) -> dict[str, Any]:
    """Grow the clinic size by size, time each; write scheduling-availability[-quick].md
    and .json, and the table into scheduling.md (full runs). `throwaway=False` uses the
    current connection as it is (the tests' database)."""
    from django.db import transaction

    sizes, demo = (QUICK_SIZES, QUICK_DEMO) if quick else (SIZES, DEMO_APPOINTMENTS)
    tier = sizes[0][1]
    instance = generate(tier, 0.85, 1, load_protocol())
    placed = greedy(instance.calendar, instance.requests, instance.horizon).placed
    requests = probes(instance, random.Random("availability end to end"))[: 8 if quick else 40]
    steps = []
    with throwaway_database() if throwaway else _as_it_is():
        with transaction.atomic():
            built = write_clinic(instance, [*instance.calendar.booked, *placed])
        for scale, _tier in sizes:
            with transaction.atomic():
                grow_to(built, demo * scale)
            _analyse()
            step = measure(built, requests, 1 if quick else 3)
            steps.append({"scale": scale, **step, "load_average": round(os.getloadavg()[0], 1)})
            print(f"  availability at {scale}× the demo: done", flush=True)
        database = _database()
    results = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "database": database,
        "quick": quick,
        "tier": tier,
        "steps": steps,
    }
    text = table(results)
    print(text)
    name = "scheduling-availability" + ("-quick" if quick else "")
    if not quick and "PostgreSQL" in database:
        name += "-postgresql"
    (out_dir / f"{name}.md").write_text(text, encoding="utf-8")
    (out_dir / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def table(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"### Availability end to end ({results['database']})",
        "",
        f"Machine: {machine['cores']} cores, Python {machine['python']}, "
        f"{results['database']}. One clinic (tier {results['tier']}, load 0.85) with the "
        "demo's 640 appointments and 10 and 50 times as many (years of history behind the "
        "generated weeks); each of the front desk's new ten-session courses is searched "
        "the way the booking page and `POST /api/v1/courses/{id}/availability` search: "
        "the calendar of the course's windows read from the database, then the search. "
        "The search alone runs over the same calendar, already read. Each probe is asked "
        "three times; best of 3: each probe's quickest, its cost when nothing else held "
        "the cores meanwhile. App CPU: the end to "
        "end call's CPU time in the app's process (the database server's work is not in "
        "it); the load average is the machine's (2 cores) while the size was measured: "
        "above 2, other programs shared the cores and the wall-clock times grow with it.",
        "",
        "| size | appointments | end to end ms p50 / p95 | best of 3 ms p50 / p95 "
        "| app CPU ms p50 / p95 | search alone ms p50 / p95 | calendar rows read | queries "
        "| plans found | load average |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for step in results["steps"]:
        whole, alone = step["end_to_end_ms"], step["search_alone_ms"]
        cpu, best = step["end_to_end_app_cpu_ms"], step["end_to_end_best_ms"]
        lines.append(
            f"| {step['scale']}× demo | {step['appointments']} | {whole['p50']} / "
            f"{whole['p95']} | {best['p50']} / {best['p95']} | {cpu['p50']} / {cpu['p95']} "
            f"| {alone['p50']} / {alone['p95']} "
            f"| {step['calendar_rows']} | {step['queries']} | {step['with_a_plan']} "
            f"| {step['load_average']} |"
        )
    last = results["steps"][-1]
    if last["scale"] == 50:
        p95, best95 = last["end_to_end_ms"]["p95"], last["end_to_end_best_ms"]["p95"]
        met = "met" if p95 <= TARGET_MS else "NOT met"
        lines += [
            "",
            f"Target at 50×: end to end p95 ≤ {TARGET_MS} ms: {p95} ms, {met} "
            f"(best of 3: {best95} ms).",
        ]
    return "\n".join(lines) + "\n"


def splice(out_dir: Path) -> None:
    """Put the latest end-to-end tables into scheduling.md, between its markers, so the
    long benchmark and this short one each keep the other's numbers."""
    target = out_dir / "scheduling.md"
    if not target.exists():
        return
    parts = [
        (out_dir / name).read_text(encoding="utf-8")
        for name in ("scheduling-availability.md", "scheduling-availability-postgresql.md")
        if (out_dir / name).exists()
    ]
    if not parts:
        return
    text = target.read_text(encoding="utf-8")
    after = ""
    if SECTION in text and SECTION_END in text:
        after = text[text.index(SECTION_END) + len(SECTION_END) :].strip("\n")
        text = text[: text.index(SECTION)]
    section = "\n".join([SECTION, "", *parts, SECTION_END])
    rest = f"\n{after}\n" if after else ""
    target.write_text(f"{text.rstrip()}\n\n{section}\n{rest}", encoding="utf-8")


def main(*, quick: bool, out_dir: Path) -> None:
    """Django in a temporary var directory, so the developer's database is never opened."""
    var_dir = tempfile.mkdtemp(prefix="mesoclinic-bench-")
    os.environ["MESOCLINIC_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "mesoclinic.settings"
    try:
        import django

        django.setup()
        run(quick=quick, out_dir=out_dir)
        if not quick:
            splice(out_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
