"""Query budgets of the daily records pages and endpoints: each is read at two data sizes
and runs the same number of queries at both (or a stated bound, with the reason beside it).
A page whose query count follows the clinic's history gets slower every day it is used."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.recall import BenchChain, ChainSize, build_chain
from mesoclinic.audit.models import AuditEvent
from tests.conftest import client_for


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
