"""Reads the database the crash tests' server writes, from a process of its own (`python -m
tests.crash.probe`, the same environment as the server): one JSON request a line on
stdin, one JSON answer a line on stdout. It stays up while servers are killed and
restarted, so each look costs a query, not a Django start."""

import json
import os
import sys
from typing import Any


def answer(request: dict[str, Any]) -> object:
    from mesoclinic.appointments.models import Appointment
    from mesoclinic.charting.models import TreatmentSession
    from mesoclinic.courses.models import Course
    from mesoclinic.formulary.models import Lot
    from mesoclinic.integrity import find_problems

    if request["op"] == "integrity":
        return [str(problem) for problem in find_problems()]
    if request["op"] == "appointments":
        rows = Appointment.objects.filter(course_id=request["course"]).order_by("number")
        return [[number, status] for number, status in rows.values_list("number", "status")]
    if request["op"] == "charts":
        course = Course.objects.get(pk=request["course"])
        charts = TreatmentSession.objects.filter(course=course).prefetch_related("applications")
        return {
            "sessions_done_total": course.sessions_done_total,
            "charts": [
                {
                    "id": chart.id,
                    "status": chart.status,
                    "applications": [
                        [a.lot_id, str(a.volume_ml)] for a in chart.applications.all()
                    ],
                }
                for chart in charts
            ],
        }
    if request["op"] == "lot":
        return str(Lot.objects.get(pk=request["lot"]).on_hand_ml)
    raise ValueError(f"unknown request {request['op']!r}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoclinic.settings")
    import django

    django.setup()
    from django.db import connection

    print(json.dumps("ready"), flush=True)
    for line in sys.stdin:
        try:
            print(json.dumps({"ok": answer(json.loads(line))}), flush=True)
        finally:
            # No connection kept between looks: each sees what was committed since, and
            # holds no lock while a server writes.
            connection.close()


if __name__ == "__main__":
    main()
