"""docs/benchmarks/web.md and web.json: the machine, the sizes made, each endpoint per
configuration, memory, the targets beside the numbers, and the hottest queries' plans."""

import glob
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

# Pages people use all day: the 150 ms target is theirs.
DAILY_PAGES = (
    "today's list (page)",
    "schedule day (page)",
    "schedule week (page)",
    "patient (page)",
    "course (page)",
    "chart form (page)",
)
QUERY_PLAN_PAGES = ("scheduling-queries.md", "records-queries.md")


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    commit = subprocess.run(
        ["/usr/bin/git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    versions = sorted(glob.glob("/usr/lib/postgresql/*/"))
    postgres = versions[-1].rstrip("/") if versions else ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": Path(postgres).name if postgres else "?",
        "commit": commit,
        "load_average": os.getloadavg(),
    }


def step_line(step: dict[str, Any]) -> str:
    peak = max((p["hwm_mb"] for p in step["memory"]), default=0)
    return (
        f"workers {step['workers']}, users {step['users']:>2}: {step['rps']:7.1f} req/s, "
        f"{step['errors']} errors, peak server process {peak} MB"
    )


def _run(results: dict[str, Any], workers: int, users: int) -> dict[str, Any] | None:
    for run in results["runs"]:
        if run["workers"] == workers and run["users"] == users:
            return run
    return None


def _p95(run: dict[str, Any] | None, names: tuple[str, ...]) -> tuple[float | None, str]:
    if run is None:
        return None, ""
    found = [(run["endpoints"][n]["p95_ms"], n) for n in names if n in run["endpoints"]]
    return max(found) if found else (None, "")


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    most = max(results["workers"])
    rows = []
    worst, which = _p95(_run(results, most, 10), DAILY_PAGES)
    rows.append(
        {
            "target": f"daily pages p95 ≤ 150 ms at 10 users ({most} worker(s))",
            "measured": f"{worst} ms (slowest: {which})" if worst is not None else "not run",
            "met": worst is not None and worst <= 150,
        }
    )
    for users in (1, 10):
        p95, _ = _p95(_run(results, most, users), ("availability (API)",))
        rows.append(
            {
                "target": (
                    f"availability end to end p95 ≤ 60 ms ({users} user(s), {most} worker(s))"
                ),
                "measured": f"{p95} ms" if p95 is not None else "not run",
                "met": p95 is not None and p95 <= 60,
            }
        )
    top = max(results["users"])
    one, many = _run(results, 1, top), _run(results, most, top)
    if most > 1 and one and many:
        ratio = many["rps"] / one["rps"] if one["rps"] else 0.0
        rows.append(
            {
                "target": f"requests/s with {most} workers ≥ 1.7× one worker ({top} users)",
                "measured": f"{ratio:.2f}× ({many['rps']} vs {one['rps']} req/s)",
                "met": ratio >= 1.7,
            }
        )
    else:
        rows.append(
            {
                "target": "requests/s with two workers ≥ 1.7× one worker",
                "measured": "not run: this server has no --workers option yet",
                "met": False,
            }
        )
    peak = max((p["hwm_mb"] for run in results["runs"] for p in run["memory"]), default=0.0)
    rows.append(
        {
            "target": "every server process < 300 MB (peak resident, VmHWM)",
            "measured": f"{peak} MB",
            "met": 0 < peak < 300,
        }
    )
    return rows


def _cpu_table(results: dict[str, Any]) -> list[str]:
    """Where the machine's CPU went while each step was measured: the load generator and
    PostgreSQL share the cores with the server, so a second worker can only use what they
    leave idle."""
    runs = [run for run in results["runs"] if "cpu" in run]
    if not runs:
        return []
    lines = [
        "",
        "## Where the machine's CPU went",
        "",
        "Shares of all cores over each measured step, from /proc (the server's processes, "
        "this load generator, everything else: mostly PostgreSQL), and the server's own CPU "
        "per request.",
        "",
        "| workers | users | server % | load generator % | other % | idle % "
        "| server CPU ms / request |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        c = run["cpu"]
        lines.append(
            f"| {run['workers']} | {run['users']} | {c['server_pct']} | {c['generator_pct']} | "
            f"{c['other_pct']} | {c['idle_pct']} | {c['server_ms_per_request']} |"
        )
    return lines


def markdown(results: dict[str, Any]) -> str:
    m, made = results["machine"], results["made"]
    lines = [
        "# Web benchmark: the daily pages under load",
        "",
        "`make bench-web` (about ten minutes): a throwaway PostgreSQL, the synthetic clinic "
        "(`mesoclinic synth`) at 50 times the demo's size and a ten-clinic chain beside it, "
        "`mesoclinic serve` with one worker and with one per core, and the load generator "
        "`bench/web/` (its own: threads, a connection per request as nginx opens to its "
        "upstream, loopback only) running "
        f"{', '.join(map(str, results['users']))} logged-in users for "
        f"{results['duration_s']:g} s each after a {results['warmup_s']:g} s warm-up. "
        "Half the users work the front desk (today's list, schedule day and week as pages "
        "and API, patient page, availability search, booking a course), half are "
        "practitioners (today's list, schedule, patient and course pages, charting a "
        "session: form and POST, lot recall report, dashboard), back to back with no "
        "think time. Latencies are end to end, as the client sees them.",
        "",
        "The load generator and PostgreSQL run on the same cores as the server (load "
        f"average {', '.join(f'{x:.1f}' for x in m['load_average'])} at the end; see "
        "*Where the machine's CPU went*): compare releases only between runs on the same "
        "machine with nothing else running.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, "
        f"PostgreSQL {m['postgresql']}; commit {m['commit']}. Database {results['database']}; "
        f"whole run {results['total_seconds']} s.",
        "",
        "## Sizes made",
        "",
        f"The 50× clinic: {made['clinic_patients']} patients, {made['clinic_courses']} courses, "
        f"{made['clinic_appointments']} appointments, {made['clinic_charted_sessions']} charted "
        f"sessions. The whole database ({made['clinics']} clinics): {made['all_patients']} "
        f"patients, {made['all_appointments']} appointments, "
        f"{made['all_charted_sessions']} charted sessions.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for row in targets(results):
        lines.append(
            f"| {row['target']} | {row['measured']} | {'met' if row['met'] else 'NOT met'} |"
        )
    lines += [
        "",
        "## Requests per second",
        "",
        "| workers | users | req/s | errors |",
        "|---|---|---|---|",
    ]
    for run in results["runs"]:
        lines.append(f"| {run['workers']} | {run['users']} | {run['rps']} | {run['errors']} |")
    for run in results["runs"]:
        lines += [
            "",
            f"### {run['workers']} worker(s), {run['users']} user(s)",
            "",
            "| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, e in run["endpoints"].items():
            lines.append(
                f"| {name} | {e['requests']} | {e['errors']} | {e['rps']} | {e['p50_ms']} | "
                f"{e['p95_ms']} | {e['p99_ms']} |"
            )
    failures = [
        f"- {run['workers']} worker(s), {run['users']} user(s), {name}: {reason}"
        for run in results["runs"]
        for name, e in run["endpoints"].items()
        for reason in e.get("why_failed", [])
    ]
    if failures:
        lines += ["", "### Why requests failed (a few of each)", "", *failures]
    lines += _cpu_table(results)
    lines += [
        "",
        "## Server memory",
        "",
        "Read from /proc/PID/status after each step: resident now (VmRSS) and its peak (VmHWM).",
        "",
        "| workers | users | process | VmRSS MB | VmHWM MB |",
        "|---|---|---|---|---|",
    ]
    for run in results["runs"]:
        for p in run["memory"]:
            lines.append(
                f"| {run['workers']} | {run['users']} | {p['role']} {p['pid']} | {p['rss_mb']} | "
                f"{p['hwm_mb']} |"
            )
    lines += [
        "",
        "## Where a request's time goes",
        "",
        "Each daily request made a few times, one at a time, in one process (no load): its "
        "queries, their time in the database, and the whole request's time in the app.",
        "",
        "| endpoint | queries | in the database ms | whole request ms |",
        "|---|---|---|---|",
    ]
    for name, r in results["hot_queries"]["requests"].items():
        lines.append(f"| {name} | {r['queries']} | {r['db_ms']} | {r['total_ms']} |")
    lines += [
        "",
        "## The five hottest queries",
        "",
        "From the same requests, their SELECTs grouped by their text with the numbers taken "
        "out; the groups with the most total time, each explained on its slowest instance with "
        "`EXPLAIN (ANALYZE, BUFFERS)`.",
    ]
    for rank, q in enumerate(results["hot_queries"]["queries"], start=1):
        lines += [
            "",
            f"### {rank}. {q['total_ms']} ms in {q['calls']} calls ({', '.join(q['endpoints'])})",
            "",
            "```sql",
            q["sql"],
            "```",
            "",
            "```",
            q["plan"],
            "```",
        ]
    lines += [
        "",
        "## See also",
        "",
        *[f"- [{name}]({name})" for name in QUERY_PLAN_PAGES],
        "",
    ]
    return "\n".join(lines)


KEPT_SECTION = "## Where the time went"


def write(results: dict[str, Any], out: Path, name: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    page = out / f"{name}.md"
    # The profile of where the time went is written by hand below the tables: keep it.
    kept = page.read_text().partition(KEPT_SECTION)[2] if page.exists() else ""
    page.write_text(markdown(results) + (f"\n{KEPT_SECTION}{kept}" if kept else ""))
