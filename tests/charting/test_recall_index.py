"""The recall report finds a lot's applications through an index on the lot, never by
reading the whole table. The database's own plan for the query the report runs says so, on
SQLite and on PostgreSQL, with no planner setting forced: the table first holds thousands
of charted products with fresh statistics, since on a nearly empty table PostgreSQL
rightly prefers to read it all. How fast it stays at chain scale is measured in
bench/recall.py, not here."""

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.recall import BenchChain, ChainSize, build_chain, report_query
from mesoclinic.charting.recall import recall_report

TABLE = "charting_productapplication"
# 5,000 applications over 500 lots, 10 a lot, in 2 clinics; the generator runs ANALYZE.
SIZE = ChainSize(applications=5_000, lots=500, clinics=2, products_per_clinic=5)


@pytest.fixture
def chain(db) -> BenchChain:
    return build_chain(SIZE, name="Index test chain")


def lot_indexes() -> set[str]:
    """The indexes of the application table that lead with the lot."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return {
        name
        for name, constraint in constraints.items()
        if constraint["index"] and constraint["columns"][:1] == ["lot_id"]
    }


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("Plans", []) for n in _nodes(child))]


def application_reads(sql: str, params: Any = None) -> list[tuple[str, str, str]]:
    """How the plan reads the application table: (how, index, condition) per read."""
    reads = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            for *_, detail in cursor.fetchall():
                if detail.startswith(f"SCAN {TABLE}"):
                    reads.append(("scan", "", ""))
                elif found := re.match(
                    rf"SEARCH {TABLE} USING (?:COVERING )?INDEX (\S+) \((.*)\)", detail
                ):
                    reads.append(("index", found[1], found[2]))
                elif detail.startswith(f"SEARCH {TABLE}"):
                    reads.append(("other", "", detail))
        else:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            root = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
            for node in _nodes(root):
                if node.get("Relation Name") != TABLE:
                    continue
                kind = node["Node Type"]
                if kind in ("Index Scan", "Index Only Scan"):
                    reads.append(("index", node["Index Name"], node.get("Index Cond", "")))
                elif kind == "Bitmap Heap Scan":
                    reads.extend(
                        ("index", n["Index Name"], n.get("Index Cond", ""))
                        for n in _nodes(node)
                        if n["Node Type"] == "Bitmap Index Scan"
                    )
                else:
                    reads.append(("scan" if kind == "Seq Scan" else "other", "", kind))
    return reads


def through_the_lot_index(reads: list[tuple[str, str, str]]) -> bool:
    indexes = lot_indexes()
    return bool(reads) and all(
        how == "index" and index in indexes and "lot_id" in condition
        for how, index, condition in reads
    )


def test_the_recall_report_reads_a_lots_applications_through_the_lot_index(chain):
    lot_id = chain.lot_ids[1][17]
    with CaptureQueriesContext(connection) as captured:
        _, rows = recall_report(chain.actor, lot_id)
    [sql] = [q["sql"] for q in captured.captured_queries if f'FROM "{TABLE}"' in q["sql"]]

    reads = application_reads(sql)

    assert len(rows) == 10
    assert through_the_lot_index(reads), reads
    assert ("scan", "", "") not in reads


def test_the_same_query_without_an_indexed_lot_is_read_another_way(chain):
    # The check above can fail: with the lot matched through an expression no index
    # covers, the plan finds the rows by a scan or from the sessions instead.
    sql, params = report_query(chain.lot_ids[1][17], scan=True).query.sql_with_params()

    reads = application_reads(sql, params)

    assert not through_the_lot_index(reads), reads
