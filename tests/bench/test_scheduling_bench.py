"""The scheduling benchmark runs with the tests, on its tiny tier, so it cannot rot; no
timing is asserted (speed is what `make bench` measures)."""

import json

import pytest

from bench import scheduling, scheduling_availability


def test_the_scheduling_benchmark_runs_and_writes_its_table_and_json(tmp_path):
    scheduling.run(quick=True, out_dir=tmp_path)

    table = (tmp_path / "scheduling-quick.md").read_text()
    results = json.loads((tmp_path / "scheduling-quick.json").read_text())
    assert "| tier | load | sessions | placed % g / o |" in table
    assert "0 violations" in table
    assert results["machine"]["cores"] >= 1
    (run,) = results["runs"]
    assert (run["tier"], run["load"], run["seed"]) == ("quick", 0.85, 1)
    assert run["violations"] == 0
    for side in ("greedy", "cp_sat"):
        assert 0 < run[side]["placed_pct"] <= 100
        assert run[side]["violations"] == 0
    assert run["cp_sat"]["placed_pct"] >= run["greedy"]["placed_pct"]
    assert run["bounds"]["flow"] <= run["bounds"]["capacity"] <= run["requested"]
    assert run["availability"]["ms"]["n"] > 0
    assert run["sick_day"]["directly_affected"] > 0
    assert run["cancellation"]["s"]["n"] > 0


@pytest.mark.django_db
def test_the_end_to_end_availability_benchmark_reads_the_calendar_from_the_database(tmp_path):
    results = scheduling_availability.run(quick=True, out_dir=tmp_path, throwaway=False)

    table = (tmp_path / "scheduling-availability-quick.md").read_text()
    assert "| size | appointments | end to end ms p50 / p95 |" in table
    small, large = results["steps"]
    assert (small["appointments"], large["appointments"]) == (40, 120)
    # The calendar read is the same few queries however much history the clinic holds.
    assert small["queries"] == large["queries"] == 7
    assert small["end_to_end_ms"]["n"] == small["search_alone_ms"]["n"] > 0
    assert small["calendar_rows"] > 0
