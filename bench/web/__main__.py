"""`python -m bench.web` (under scripts/with_postgres.py; `make bench-web` does both): makes
the synthetic database, then for one server worker and for one per core starts
`mesoclinic serve`, logs the users in and runs each step of users; writes the report."""

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.web import data, report
from bench.web.load import log_in_users, run_step
from bench.web.server import Server, serve_accepts_workers

OUT_DIR = Path(__file__).resolve().parents[2] / "docs" / "benchmarks"
QUICK = data.Synthesis(patients=40, chain_clinics=2, chain_patients=20, years=1.0)


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(
        {
            k: env[k]
            for k in (
                "DATABASE_URL",
                "HTTPS_ONLY",
                "ALLOWED_HOSTS",
                "MESOCLINIC_VAR_DIR",
                "SECRET_KEY",
            )
        }
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "mesoclinic.settings"
    import django

    django.setup()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web")
    parser.add_argument("--users", default="1,10,50", help="the steps, comma-separated")
    parser.add_argument("--duration", type=float, default=25, help="seconds measured per step")
    parser.add_argument("--warmup", type=float, default=5, help="seconds before each step")
    parser.add_argument("--workers", default="", help="e.g. 1,2 (default: 1 and one per core)")
    parser.add_argument("--quick", action="store_true", help="tiny data, for the tests")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--cache", type=Path, default=data.CACHE)
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print(
            "bench.web runs on PostgreSQL: use scripts/with_postgres.py (make bench-web).",
            file=sys.stderr,
        )
        return 2
    sizes = QUICK if args.quick else data.Synthesis()
    cores = os.cpu_count() or 1
    workers = [int(n) for n in args.workers.split(",")] if args.workers else sorted({1, cores})
    if not serve_accepts_workers():
        workers = [1]  # a single-process server: the second configuration cannot be run
    users = [int(n) for n in args.users.split(",")]
    var_dir = tempfile.mkdtemp(prefix="mesoclinic-bench-web-")
    env = data.environ_for(database_url, var_dir)
    started = time.monotonic()
    print("Preparing the synthetic database ...", flush=True)
    how = data.prepare_template(database_url, sizes, env, args.cache)
    data.fresh_copy(database_url)
    _setup_django(env)
    from django.db import connections

    pools, desks, practitioners, made = data.pools_and_logins(sizes)
    connections.close_all()
    prepared_s = time.monotonic() - started
    runs: list[dict[str, Any]] = []
    original = pools
    for count in workers:
        pools = original
        data.fresh_copy(database_url)
        server = Server(count, env, Path(var_dir) / f"server-{count}.log")
        try:
            server.wait_ready()
            browsers = log_in_users(
                server.url, max(users), desks, practitioners, "synth-password-123"
            )
            for n in users:
                step_pools = replace(
                    pools, to_chart=list(pools.to_chart), to_book=list(pools.to_book)
                )
                step = run_step(
                    browsers[:n],
                    step_pools,
                    warmup=args.warmup,
                    duration=args.duration,
                    seed=n,
                    cpu_probe=server.cpu_probe,
                )
                step["workers"] = count
                step["memory"] = server.memory()
                runs.append(step)
                pools = replace(pools, to_chart=step_pools.to_chart, to_book=step_pools.to_book)
                print(report.step_line(step), flush=True)
            for browser, _ in browsers:
                browser.close()
        finally:
            server.stop()
    data.fresh_copy(database_url)
    from bench.web.plans import hottest

    hot = hottest(original, desks[0], practitioners[0])
    connections.close_all()
    results = {
        "machine": report.machine(),
        "database": how,
        "prepare_seconds": round(prepared_s),
        "sizes": {**sizes.__dict__, "today": sizes.today.isoformat()},
        "made": made,
        "workers": workers,
        "users": users,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "runs": runs,
        "hot_queries": hot,
        "total_seconds": round(time.monotonic() - started),
    }
    name = "web-quick" if args.quick else "web"
    report.write(results, args.out, name)
    print(f"Wrote {args.out / (name + '.md')} in {results['total_seconds']} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
