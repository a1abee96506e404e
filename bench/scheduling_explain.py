"""PostgreSQL's plans for the hottest scheduling reads, on the generated clinic at 50× the
demo (32,000 appointments): the schedule's window (a month, as the API allows), the
calendar the availability search reads, and a course's appointments. The SQL is what the
app sends, captured from the selectors themselves.

`python scripts/with_postgres.py -- python -m bench.scheduling_explain [--appointments N]`
prints the plans as Markdown (in a test database beside the one `DATABASE_URL` names).
"""

import argparse
import os
import random
import shutil
import tempfile
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

from bench.scheduling_availability import throwaway_database
from bench.scheduling_calendar_db import grow_to, write_clinic
from bench.scheduling_front_desk import probes
from mesoclinic.protocols import load_protocol
from mesoclinic.scheduling.generate import generate
from mesoclinic.scheduling.greedy import greedy


def _captured(read: Any) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        read()
    return [q["sql"] for q in queries.captured_queries if "appointments_appointment" in q["sql"]]


def _plan(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def explain(appointments: int) -> str:
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from mesoclinic.appointments.booking.plans import calendar_from_now, search_window
    from mesoclinic.appointments.selectors import clinic_schedule, course_appointments
    from mesoclinic.audit.actor import Actor
    from mesoclinic.clinics.models import Membership

    instance = generate("M", 0.85, 1, load_protocol())
    placed = greedy(instance.calendar, instance.requests, instance.horizon).placed
    with transaction.atomic():
        built = write_clinic(instance, [*instance.calendar.booked, *placed])
        grow_to(built, appointments)
        desk = User.objects.create(username="bench.desk")
        Membership.objects.create(user=desk, clinic=built.row, role="frontdesk")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    first = instance.horizon.first
    request = replace(probes(instance, random.Random("explain"))[0], clinic_id=str(built.row.id))
    now = datetime.combine(first, time(7))
    course = next(c for (_, tile), c in built.courses.items() if tile == 0)
    reads = {
        "The schedule API's month (`clinic_schedule`, 31 days)": lambda: clinic_schedule(
            Actor(user=desk, ip=None, via="bench"),
            built.row.id,
            first,
            first + timedelta(30),
            with_names=False,
        ),
        "The schedule page's week (`clinic_schedule`, 7 days)": lambda: clinic_schedule(
            Actor(user=desk, ip=None, via="bench"), built.row.id, first, first + timedelta(6)
        ),
        "The availability search's calendar (`booked_between`)": lambda: calendar_from_now(
            built.row, *search_window(request), now
        ),
        "A course's appointments (`course_appointments`)": lambda: course_appointments(course),
    }
    lines = []
    for title, read in reads.items():
        for sql in _captured(read):
            lines += [f"#### {title}", "", "```sql", sql, "```", "", "```"]
            lines += [_plan(sql), "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scheduling_explain")
    parser.add_argument("--appointments", type=int, default=32000)
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="mesoclinic-bench-")
    os.environ["MESOCLINIC_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "mesoclinic.settings"
    try:
        import django

        django.setup()
        with throwaway_database():
            print(explain(args.appointments))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
