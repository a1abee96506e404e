"""The benchmark's quick tier runs with the tests so it cannot rot; no timing is asserted."""

import json

from bench import estimate


def test_the_estimate_benchmark_runs_and_writes_its_table_and_json(tmp_path):
    estimate.run(quick=True, out_dir=tmp_path)

    table = (tmp_path / "estimate-quick.md").read_text()
    results = json.loads((tmp_path / "estimate-quick.json").read_text())
    assert "| CLI / baseline |" in table
    assert "| CLI / import django (target" in table
    assert results["cli_over_import_django"] > 0
    assert results["estimate_us"]["n"] > 0
    assert results["machine"]["cores"] >= 1
