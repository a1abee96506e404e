"""The scheduling benchmark runs with the tests, on its tiny tier, so it cannot rot; no
timing is asserted (speed is what `make bench` measures)."""

import json

from bench import scheduling


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
