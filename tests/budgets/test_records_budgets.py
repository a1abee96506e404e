"""Query budgets of the daily records pages and endpoints: each is read at two data sizes
and runs the same number of queries at both (or a stated bound, with the reason beside it).
A page whose query count follows the clinic's history gets slower every day it is used."""

from datetime import timedelta

import pytest
from django.test import Client

from bench.recall import analyze
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.services import course_start
from mesoclinic.web.tokens import token_create
from tests.budgets.records_helpers import (
    queries_of,
    rec_add_patients,
    rec_add_staff,
    rec_audit_indexes,
    rec_audit_rows,
    rec_chart_api_body,
    rec_count_reads,
    rec_grow,
    rec_reads,
    rec_recall_chain,
    rec_waste,
)
from tests.charting.conftest import chart_form
from tests.conftest import actor, client_for
from tests.courses.conftest import assess, plan
from tests.formulary.conftest import make_product, receive
from tests.screening.conftest import screen, sign_consent

# -- lot recall report --------------------------------------------------------------------


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


def test_a_clinics_trail_page_reads_through_the_clinic_and_time_index_in_a_busy_chain(
    clinic_admin, practitioner, riverside, hillcrest
):
    # One small clinic of a busy chain: nearly all the trail (49 rows in 50) is another
    # clinic's, so walking the chain's trail by time would read half the table for a page.
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=practitioner,
            actor_name=practitioner.get_username(),
            action="read",
            clinic_id=riverside.id if n % 50 == 0 else hillcrest.id,
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
        # Through an index that starts with the clinic (ours on clinic and time, or the
        # foreign key's; the planner picks by the statistics), never the whole table nor
        # the whole chain's trail walked by time.
        indexes = rec_audit_indexes(sql)
        assert indexes, sql
        assert all(
            name in {"audit_clinic_at", "audit_no_clinic_at"}
            or name.startswith("audit_auditevent_clinic_id")
            for name in indexes
        ), (indexes, sql)
