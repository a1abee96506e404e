"""`make soak`: the crash tests' kill loops and the PostgreSQL races, many more times than
`make test` runs them, on SQLite and on a throwaway PostgreSQL cluster; their numbers
(requests killed, committed or rolled back, integrity problems, race winners and losers,
durations) go to docs/benchmarks/soak.md and soak.json.

    python -m bench.soak [--rounds 100] [--in-flight 5] [--race-rounds 5]
                         [--databases sqlite,postgresql]

SOAK_ROUNDS, SOAK_IN_FLIGHT, SOAK_RACE_ROUNDS and SOAK_DATABASES set the same from make."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tests.crash.kill_loop import SPREAD

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "docs" / "benchmarks"
TESTS = ["tests/crash/test_server_killed.py", "tests/crash/test_races_postgresql.py"]


def run(database: str, args: argparse.Namespace, results: Path) -> tuple[int, float]:
    env = dict(
        os.environ,
        CRASH_ROUNDS=str(args.rounds),
        CRASH_IN_FLIGHT=str(args.in_flight),
        RACE_ROUNDS=str(args.race_rounds),
        CRASH_RESULTS=str(results),
    )
    env.pop("DATABASE_URL", None)
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider"]
    command = [*pytest, *TESTS]
    if database == "postgresql":
        command = [sys.executable, "scripts/with_postgres.py", "--", *command]
    began = time.monotonic()
    code = subprocess.call(command, cwd=ROOT, env=env)
    return code, time.monotonic() - began


def table(rows: list[dict[str, object]], columns: list[str]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    return lines


def report(args: argparse.Namespace, runs: dict[str, dict[str, object]], rows: list[dict]) -> str:
    kills = [r for r in rows if r["test"] in ("booking", "charting")]
    races: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        if r["test"].endswith("race"):
            totals = races[(r["database"], r["test"])]
            totals["rounds"] += 1
            totals["problems"] += int(r["problems"])
            for status, count in r["statuses"].items():
                totals[f"HTTP {status}"] += count
            totals["seconds"] += float(r["seconds"])
    race_rows = [{"database": d, "test": t, **dict(v)} for (d, t), v in sorted(races.items())]
    statuses = sorted({k for r in race_rows for k in r if k.startswith("HTTP")})
    lines = [
        "# Soak: servers killed mid-write, and fifty clients racing",
        "",
        f"`make soak` ({time.strftime('%Y-%m-%d', time.gmtime())}): {args.rounds} server kills per "
        f"test and database, {args.in_flight} requests in flight at each kill, each cut at its "
        f"own seeded random moment within {SPREAD:.1f}× the request's measured duration; "
        f"{args.race_rounds} rounds of each 50-client race on PostgreSQL. "
        "After every kill the killed requests left all of their writes or none, and "
        "`mesoclinic integrity` found nothing wrong (a failure stops the run).",
        "",
        "| database | pytest exit | minutes |",
        "|---|---|---|",
        *[f"| {d} | {r['exit']} | {float(r['seconds']) / 60:.1f} |" for d, r in runs.items()],
        "",
        "## Kill loops",
        "",
        *table(
            kills,
            [
                "database",
                "test",
                "restarts",
                "killed",
                "committed",
                "rolled_back",
                "answered_before_kill",
                "integrity_problems",
                "request_seconds",
                "seconds",
            ],
        ),
        "",
        "`killed`: requests cut by a kill; `committed`: the whole booking (every session) or "
        "the whole chart (its areas, movement, course count, audit row) was in the database "
        "afterwards; `rolled back`: none of it was. `answered_before_kill`: the response "
        "arrived before the kill (always committed).",
        "",
        "## Races (PostgreSQL)",
        "",
        *table(race_rows, ["database", "test", "rounds", *statuses, "problems", "seconds"]),
        "",
        "Booking race: 50 clients book the same hours for 50 patients, half with each of two "
        "practitioners and rooms: 2 win (201) and 48 are told the time was just taken (409, "
        "with fresh plans). Stock race: 50 clients chart 50 patients' sessions, each drawing "
        "0.75 mL from a lot holding 2.00 mL: 2 win (201) and 48 are told the 0.5 mL left is "
        "too little (422); the lot ends at 0.50 mL, never below zero.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("SOAK_ROUNDS", "100")))
    parser.add_argument("--in-flight", type=int, default=int(os.environ.get("SOAK_IN_FLIGHT", "5")))
    parser.add_argument(
        "--race-rounds", type=int, default=int(os.environ.get("SOAK_RACE_ROUNDS", "5"))
    )
    parser.add_argument(
        "--databases", default=os.environ.get("SOAK_DATABASES", "sqlite,postgresql")
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    runs: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="mesoclinic-soak-") as tmp:
        results = Path(tmp) / "results.jsonl"
        results.touch()
        for database in args.databases.split(","):
            code, seconds = run(database, args, results)
            runs[database] = {"exit": code, "seconds": round(seconds, 1)}
        rows = [json.loads(line) for line in results.read_text().splitlines() if line]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "soak.md").write_text(report(args, runs, rows), encoding="utf-8")
    (args.out / "soak.json").write_text(
        json.dumps({"runs": runs, "results": rows}, indent=1) + "\n", encoding="utf-8"
    )
    print((args.out / "soak.md").read_text())
    return max(int(r["exit"]) for r in runs.values())


if __name__ == "__main__":
    sys.exit(main())
