"""Where a daily request's time goes: each of the four daily requests made in this process
(Django's test client, logged in as the synthetic clinic's front desk or practitioner),
timed as the median of ten after a warm-up, with the time in the database beside it, and
optionally profiled with cProfile.

Runs against the database DATABASE_URL names, which holds the synthetic 50x clinic
(`mesoclinic synth --clinics 1 --patients 3000 --years 2.5 --seed 1`, or the dump
`make bench-web` caches under var/bench/):

    DATABASE_URL=... python -m bench.daily_pages [--profile NAME] [--repeat 10]
"""

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from typing import Any

REQUESTS = ("today", "dashboard", "recall", "availability")


def _setup() -> None:
    os.environ.setdefault("MESOCLINIC_VAR_DIR", tempfile.mkdtemp(prefix="mesoclinic-daily-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoclinic.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("HTTPS_ONLY", "false")
    import django

    django.setup()


def _requests() -> dict[str, tuple[Any, str, str]]:
    """name -> (client, method, path), on the first synthetic chain's busiest lot and a
    planned course with nothing booked."""
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.test import Client

    from mesoclinic.appointments.models import Appointment
    from mesoclinic.charting.models import ProductApplication
    from mesoclinic.clinics.models import Clinic, Membership, Role
    from mesoclinic.courses.models import Course, CourseState
    from mesoclinic.synth.organisation import chain_name

    clinic = Clinic.objects.get(chain__name=chain_name(1))
    staff = Membership.objects.filter(clinic=clinic, active=True).order_by("user__username")
    clients = {}
    for role in (Role.FRONT_DESK, Role.PRACTITIONER):
        client = Client()
        client.force_login(User.objects.get(id=staff.filter(role=role)[0].user_id))
        clients[role] = client
    lot = (
        ProductApplication.objects.filter(lot__clinic=clinic)
        .values("lot_id")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["lot_id"]
    )
    course = (
        Course.objects.filter(clinic=clinic, state=CourseState.PLANNED)
        .exclude(id__in=Appointment.objects.filter(clinic=clinic).values("course_id"))
        .order_by("id")[0]
    )
    desk, practitioner = clients[Role.FRONT_DESK], clients[Role.PRACTITIONER]
    return {
        "today": (practitioner, "GET", f"/today/{clinic.id}/"),
        "today-desk": (desk, "GET", f"/today/{clinic.id}/"),
        "dashboard": (practitioner, "GET", f"/dashboard/{clinic.id}/"),
        "recall": (practitioner, "GET", f"/lots/{lot}/recall-report/"),
        "availability": (desk, "POST", f"/api/v1/courses/{course.id}/availability"),
    }


def _call(client: Any, method: str, path: str) -> None:
    if method == "GET":
        answer = client.get(path)
    else:
        answer = client.post(path, data={}, content_type="application/json")
    if answer.status_code != 200:
        raise SystemExit(f"{path} answered {answer.status_code}")


def measure(repeat: int) -> dict[str, dict[str, float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = {}
    for name, (client, method, path) in _requests().items():
        _call(client, method, path)  # warm-up: caches, a stale figure's refresh
        walls, dbs, counts = [], [], []
        for _ in range(repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                _call(client, method, path)
            walls.append(time.perf_counter() - started)
            dbs.append(sum(float(q["time"]) for q in captured.captured_queries))
            counts.append(len(captured))
        found[name] = {
            "ms": round(statistics.median(walls) * 1000, 1),
            "db_ms": round(statistics.median(dbs) * 1000, 1),
            "queries": statistics.median(counts),
        }
        print(
            f"{name:14} {found[name]['ms']:8} ms  db {found[name]['db_ms']:6} ms  "
            f"{found[name]['queries']} queries",
            flush=True,
        )
    return found


def profile(name: str, repeat: int, lines: int) -> None:
    client, method, path = _requests()[name]
    _call(client, method, path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        _call(client, method, path)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        pstats.Stats(profiler).sort_stats(order).print_stats(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.daily_pages")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", choices=(*REQUESTS, "today-desk"))
    parser.add_argument("--lines", type=int, default=45)
    args = parser.parse_args()
    _setup()
    if args.profile:
        profile(args.profile, args.repeat, args.lines)
    else:
        measure(args.repeat)


if __name__ == "__main__":
    main()
