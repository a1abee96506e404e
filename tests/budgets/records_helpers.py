"""Data and measurements the records budget tests share: more patients, staff, charts and
audit rows at a clinic, and the SQL one request runs."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.recall import BenchChain, ChainSize, build_chain
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Role
from mesoclinic.formulary.services import stock_waste
from mesoclinic.patients.models import Patient
from tests.charting.conftest import chart_form
from tests.conftest import actor, client_for, make_staff


def queries_of(client, path: str, method: str = "get", status: int = 200, **kwargs) -> list[str]:
    """The SQL of one request, after checking it answered `status`."""
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status, response.content[:300]
    return [query["sql"] for query in captured.captured_queries]


def rec_recall_chain(sessions: int, name: str) -> tuple[BenchChain, int]:
    """One clinic, two products with a lot each, both charted in each of `sessions`
    sessions (the generator spreads them over courses of about ten sessions)."""
    size = ChainSize(applications=2 * sessions, lots=2, clinics=1, products_per_clinic=2)
    bench = build_chain(size, name=name)
    lot_id = bench.lot_ids[0][0]
    return bench, lot_id


def rec_add_patients(clinic, author, count: int, start: int = 0) -> list[Patient]:
    """`count` more active patients at the clinic, half of whom agreed to be contacted."""
    return Patient.objects.bulk_create(
        Patient(
            clinic=clinic,
            given_name=f"Given{n}",
            family_name=f"Family{n}",
            date_of_birth=date(1970, 1, 1) + timedelta(days=n),
            may_contact=n % 2 == 0,
            created_by=author,
        )
        for n in range(start, start + count)
    )


def rec_add_staff(clinic, count: int) -> None:
    for n in range(count):
        make_staff(f"rec.staff.{clinic.id}.{n}", clinic, Role.PRACTITIONER)


def rec_waste(user, lot, count: int) -> None:
    for n in range(count):
        stock_waste(actor=actor(user), lot=lot, volume_ml=Decimal("0.10"), reason=f"drop {n}")


def rec_chart(user, course, lot, on: date) -> None:
    """One more chart of the course through the page, as the practitioner does it."""
    response = client_for(user).post(f"/courses/{course.id}/chart/", chart_form([(lot, "1")], on))
    assert response.status_code == 302, response.context["form"].errors


def rec_grow(user, course, lot, *, patients: int, charts: int, start: int) -> None:
    """The clinic's history grows: more patients, and more weekly charts of the course
    (with their stock movements and audit rows)."""
    rec_add_patients(course.clinic, user, patients, start=start)
    first = course.starts_on
    done = course.sessions.count()
    for week in range(done, done + charts):
        rec_chart(user, course, lot, first + timedelta(weeks=week))


def rec_reads(patient, course, lot, session_id: int) -> dict[str, tuple[str, str, dict]]:
    """Each page or endpoint a practitioner reads all day: (method, path, request)."""
    search = {"data": {"q": "Lovelace"}}
    api_search = {"data": '{"q": "Lovelace"}', "content_type": "application/json"}
    return {
        "patient list": ("get", "/patients/", {}),
        "patient list API": ("get", "/api/v1/patients", {}),
        "patient search page": ("post", "/patients/", search),
        "patient search API": ("post", "/api/v1/patients/search", api_search),
        "patient page": ("get", f"/patients/{patient.id}/", {}),
        "patient API": ("get", f"/api/v1/patients/{patient.id}", {}),
        "course page": ("get", f"/courses/{course.id}/", {}),
        "course API": ("get", f"/api/v1/courses/{course.id}", {}),
        "chart form": ("get", f"/courses/{course.id}/chart/", {}),
        "session page": ("get", f"/sessions/{session_id}/", {}),
        "session API": ("get", f"/api/v1/sessions/{session_id}", {}),
        "lot page": ("get", f"/formulary/lots/{lot.id}/", {}),
    }


def rec_count_reads(user, reads) -> dict[str, int]:
    client = client_for(user)
    return {
        name: len(queries_of(client, path, method, **request))
        for name, (method, path, request) in reads.items()
    }


def rec_chart_api_body(lot, on: date) -> str:
    return json.dumps(
        {
            "performed_on": on.isoformat(),
            "areas": [{"area": "thighs", "side": "left"}, {"area": "thighs", "side": "right"}],
            "applications": [{"lot_id": lot.id, "volume_ml": "1"}],
            "technique": "nappage",
            "depth_mm": "3",
            "needle_gauge": 30,
            "needle_length_mm": "4",
            "duration_minutes": 60,
            "recheck": {
                "pregnancy": False,
                "breastfeeding": False,
                "anticoagulant_or_antiplatelet": False,
            },
        }
    )


def rec_audit_rows(user, clinic, count: int) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=user,
            actor_name=user.get_username(),
            action="read",
            clinic_id=clinic.id,
            target=f"budget row {n}",
        )
        for n in range(count)
    )


def rec_audit_indexes(sql: str) -> set[str]:
    """The indexes through which the database's plan reads the audit table ("scan" for a
    read of the whole table)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            details = [row[-1] for row in cursor.fetchall()]
            return {
                (
                    found[1]
                    if (found := re.search(r"USING (?:COVERING )?INDEX (\S+)", d))
                    else "scan"
                )
                for d in details
                if re.match(r"(SCAN|SEARCH) audit_auditevent\b", d)
            }
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        root = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        nodes, reads = [root], set()
        while nodes:
            node = nodes.pop()
            nodes.extend(node.get("Plans", []))
            if node.get("Relation Name") == "audit_auditevent" or "Index Name" in node:
                name = node.get("Index Name", "scan")
                if name == "scan" or name.startswith("audit"):
                    reads.add(name)
        return reads
