"""Query budgets of the daily records pages and endpoints: each is read at two data sizes
and runs the same number of queries at both (or a stated bound, with the reason beside it).
A page whose query count follows the clinic's history gets slower every day it is used."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.recall import BenchChain, ChainSize, build_chain
from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.models import Role
from mesoclinic.formulary.services import stock_waste
from mesoclinic.patients.models import Patient
from tests.conftest import actor, client_for, make_staff
from tests.formulary.conftest import make_product, receive


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
