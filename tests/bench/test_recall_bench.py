"""The recall benchmark runs with the tests, on a tiny chain, so it cannot rot; no timing
is asserted (speed is what `make bench` measures)."""

import json

import pytest
from django.db.models import Sum

from bench import recall
from mesoclinic.formulary.models import Lot, StockMovement

TINY = recall.ChainSize(applications=2_000, lots=40, clinics=2, products_per_clinic=2)


@pytest.mark.django_db
def test_the_recall_benchmark_runs_and_writes_its_table_and_json(tmp_path):
    recall.run(quick=True, out_dir=tmp_path, size=TINY, throwaway_database=False)

    table = (tmp_path / "recall-quick.md").read_text()
    results = json.loads((tmp_path / "recall-quick.json").read_text())
    assert "| baseline / query (p50) |" in table
    assert results["machine"]["cores"] >= 1
    half, whole = results["stages"]
    assert (half["applications"], whole["applications"]) == (1_000, 2_000)
    assert (half["lots"], whole["lots"]) == (20, 40)
    for stage in (half, whole):
        assert stage["rows_per_report"]["min"] > 0
        for timing in ("recall_report_ms", "report_query_ms", "scan_baseline_ms"):
            assert stage[timing]["n"] > 0
            assert stage[timing]["p50"] > 0
        assert stage["scan_over_query"] > 0
        assert "charting_productapplication" in stage["plan"]


def test_the_generated_chain_keeps_every_lots_stock_equal_to_its_movements(db):
    recall.build_chain(TINY)

    for lot in Lot.objects.all():
        moved = StockMovement.objects.filter(lot=lot).aggregate(total=Sum("quantity_ml"))
        assert moved["total"] == lot.on_hand_ml
