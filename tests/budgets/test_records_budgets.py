"""Query budgets of the daily records pages and endpoints: each is read at two data sizes
and runs the same number of queries at both (or a stated bound, with the reason beside it).
A page whose query count follows the clinic's history gets slower every day it is used."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.recall import BenchChain, ChainSize, analyze, build_chain
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Role
from mesoclinic.courses.services import course_start
from mesoclinic.formulary.services import stock_waste
from mesoclinic.patients.models import Patient
from mesoclinic.web.tokens import token_create
from tests.charting.conftest import chart_form
from tests.conftest import actor, client_for, make_staff
from tests.courses.conftest import assess, plan
from tests.formulary.conftest import make_product, receive
from tests.screening.conftest import screen, sign_consent


def queries_of(client, path: str, method: str = "get", status: int = 200, **kwargs) -> list[str]:
    """The SQL of one request, after checking it answered `status`."""
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status, response.content[:300]
    return [query["sql"] for query in captured.captured_queries]


# -- lot recall report --------------------------------------------------------------------


def rec_recall_chain(sessions: int, name: str) -> tuple[BenchChain, int]:
    """One clinic, two products with a lot each, both charted in each of `sessions`
    sessions (the generator spreads them over courses of about ten sessions)."""
    size = ChainSize(applications=2 * sessions, lots=2, clinics=1, products_per_clinic=2)
    bench = build_chain(size, name=name)
    lot_id = bench.lot_ids[0][0]
    return bench, lot_id


@pytest.mark.parametrize("path", ["/lots/{}/recall-report/", "/api/v1/lots/{}/recall-report"])
def test_the_recall_report_runs_the_same_queries_for_one_patient_as_for_twenty(db, path):
    counts = []
    for sessions in (1, 200):
        bench, lot_id = rec_recall_chain(sessions, name=f"Recall {sessions}")
        client = client_for(bench.actor.user)
        sql = queries_of(client, path.format(lot_id))
        audit_inserts = [q for q in sql if q.startswith('INSERT INTO "audit_auditevent"')]
        patients = AuditEvent.objects.filter(target=f"recall report lot {lot_id}")
        assert patients.values("patient_id").distinct().count() == patients.count() >= 1
        counts.append((patients.count(), len(sql), len(audit_inserts)))
    (few, few_queries, _), (many, many_queries, many_inserts) = counts
    assert few == 1
    assert many >= 15
    assert few_queries == many_queries, counts
    # The lot's own read, then one bulk insert for every patient seen.
    assert many_inserts == 2, counts


# -- shared data: patients and staff at Riverside ----------------------------------------


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


# -- reports page -------------------------------------------------------------------------


def test_the_reports_page_counts_in_the_database_without_joining_patients_to_staff(
    chain_manager, riverside, hillcrest, practitioner
):
    client = client_for(chain_manager)
    rec_add_patients(riverside, practitioner, 3)
    few = queries_of(client, "/reports/")
    rec_add_patients(riverside, practitioner, 60, start=3)
    rec_add_staff(riverside, 5)
    rec_add_staff(hillcrest, 3)
    many = queries_of(client, "/reports/")
    figures = {row.clinic: row for row in client.get("/reports/").context["figures"]}

    assert len(few) == len(many)
    assert not [q for q in many if "patients_patient" in q and "clinics_membership" in q]
    assert (figures["Riverside"].patients, figures["Riverside"].may_contact) == (63, 32)
    assert figures["Riverside"].new_patients_30_days == 63
    assert (figures["Riverside"].staff, figures["Hillcrest"].staff) == (6, 3)


# -- lot page -----------------------------------------------------------------------------


@pytest.fixture
def rec_lot(clinic_admin, riverside):
    product = make_product(clinic_admin, riverside)
    return receive(clinic_admin, product, units=100)  # 500 mL


def rec_waste(user, lot, count: int) -> None:
    for n in range(count):
        stock_waste(actor=actor(user), lot=lot, volume_ml=Decimal("0.10"), reason=f"drop {n}")


def test_the_lot_page_runs_the_same_queries_for_ten_movements_as_for_a_hundred_and_twenty(
    clinic_admin, rec_lot
):
    client = client_for(clinic_admin)
    rec_waste(clinic_admin, rec_lot, 9)
    few = queries_of(client, f"/formulary/lots/{rec_lot.id}/")
    rec_waste(clinic_admin, rec_lot, 110)
    many = queries_of(client, f"/formulary/lots/{rec_lot.id}/")

    assert len(few) == len(many)


def test_the_lot_page_shows_a_page_of_movements_newest_first_with_the_lots_own_stock(
    clinic_admin, rec_lot
):
    rec_waste(clinic_admin, rec_lot, 119)  # with the receipt, 120 movements
    client = client_for(clinic_admin)

    first = client.get(f"/formulary/lots/{rec_lot.id}/")
    cursor = first.context["history"].older_than
    second = client.get(f"/formulary/lots/{rec_lot.id}/", {"older_than": cursor})
    third = client.get(
        f"/formulary/lots/{rec_lot.id}/", {"older_than": second.context["history"].older_than}
    )

    pages = [r.context["history"].movements for r in (first, second, third)]
    assert [len(page) for page in pages] == [50, 50, 20]
    assert [m.reason for m in pages[0][:2]] == ["drop 118", "drop 117"]
    assert pages[2][-1].kind == "received"
    assert len({m.id for page in pages for m in page}) == 120
    assert f'href="?older_than={cursor}" rel="next">Older</a>' in first.content.decode()
    assert "Newest</a>" in second.content.decode()
    assert third.context["history"].older_than is None
    # The stock shown is the lot's balance (500 mL less 119 × 0.10), not the page's sum.
    assert "488.10 mL</strong>" in first.content.decode()


# -- the daily records pages and endpoints at two sizes -----------------------------------

WEEKS = 8


@pytest.fixture
def rec_course(patient, practitioner):
    """A weekly course that started eight weeks ago, from a screening and an assessment
    the week before."""
    today = clinic_today(patient.clinic)
    ready = patient
    screen(ready, practitioner, taken_on=today - timedelta(weeks=WEEKS + 1))
    sign_consent(ready, practitioner)
    assess(ready, practitioner, 2, (2, 2, 1, 1), on=today - timedelta(weeks=WEEKS + 1))
    course = plan(ready, practitioner, starts_on=today - timedelta(weeks=WEEKS))
    return course_start(actor=actor(practitioner), course=course)


@pytest.fixture
def rec_lot_big(practitioner, clinic_admin, riverside):
    caffeine = make_product(clinic_admin, riverside)
    return receive(practitioner, caffeine, number="CAF-BIG", units=40)  # 200 mL


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


def test_the_daily_records_pages_and_endpoints_run_the_same_queries_at_both_sizes(
    practitioner, patient, rec_course, rec_lot_big
):
    course, lot = rec_course, rec_lot_big
    rec_grow(practitioner, course, lot, patients=3, charts=1, start=0)
    session_id = course.sessions.latest("id").id
    reads = rec_reads(patient, course, lot, session_id)
    small = rec_count_reads(practitioner, reads)
    rec_grow(practitioner, course, lot, patients=60, charts=6, start=3)
    for weeks_ago in (WEEKS + 3, WEEKS + 2):  # earlier assessments on the patient's record
        assess(
            patient,
            practitioner,
            2,
            (2, 1, 1, 1),
            on=clinic_today(patient.clinic) - timedelta(weeks=weeks_ago),
        )
    large = rec_count_reads(practitioner, reads)

    assert course.sessions.count() == 7
    grew = {name: (small[name], large[name]) for name in reads if small[name] != large[name]}
    assert grew == {}


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


def test_charting_a_session_runs_the_same_queries_with_one_chart_before_it_as_with_six(
    practitioner, rec_course, rec_lot_big
):
    course, lot = rec_course, rec_lot_big
    _, token = token_create(actor=actor(practitioner), user=practitioner)
    api = {"headers": {"Authorization": f"Bearer {token}"}, "content_type": "application/json"}
    page = client_for(practitioner)
    path = f"/courses/{course.id}/chart/"

    def chart_both(first_week: int) -> tuple[int, int]:
        day = course.starts_on + timedelta(weeks=first_week)
        on_page = queries_of(page, path, "post", status=302, data=chart_form([(lot, "1")], day))
        on_api = queries_of(
            Client(),
            f"/api/v1/courses/{course.id}/sessions",
            "post",
            status=201,
            data=rec_chart_api_body(lot, day + timedelta(weeks=1)),
            **api,
        )
        return len(on_page), len(on_api)

    rec_grow(practitioner, course, lot, patients=3, charts=1, start=0)
    small = chart_both(first_week=1)
    rec_grow(practitioner, course, lot, patients=60, charts=2, start=3)
    large = chart_both(first_week=5)

    assert course.sessions.count() == 7
    assert small == large


# -- audit trail --------------------------------------------------------------------------


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


def test_the_audit_trail_runs_the_same_queries_for_ten_rows_as_for_five_hundred_and_no_count(
    clinic_admin, practitioner, riverside, patient
):
    client = client_for(clinic_admin)
    rec_audit_rows(practitioner, riverside, 10)
    small = queries_of(client, "/audit/")
    small_filtered = queries_of(client, "/audit/", data={"user": practitioner.id})
    rec_audit_rows(practitioner, riverside, 490)
    large = queries_of(client, "/audit/")
    large_filtered = queries_of(client, "/audit/", data={"user": practitioner.id})

    assert (len(small), len(small_filtered)) == (len(large), len(large_filtered))
    assert not [q for q in large + large_filtered if "COUNT(" in q.upper() and "audit_" in q]


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


def test_a_clinics_trail_page_reads_through_the_clinic_and_time_index_in_a_busy_chain(
    clinic_admin, practitioner, riverside, hillcrest
):
    # One clinic of a busy chain: most of the trail is another clinic's.
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=practitioner,
            actor_name=practitioner.get_username(),
            action="read",
            clinic_id=riverside.id if n % 10 == 0 else hillcrest.id,
            target="patient",
        )
        for n in range(5_000)
    )
    analyze()
    pages = [
        q
        for q in queries_of(client_for(clinic_admin), "/audit/")
        if q.startswith("SELECT") and 'FROM "audit_auditevent"' in q and q.endswith("LIMIT 51")
    ]

    assert pages
    for sql in pages:
        assert rec_audit_indexes(sql) <= {"audit_clinic_at", "audit_no_clinic_at"}, sql
