"""The dashboard benchmark runs with the tests, on two tiny steps, so it cannot rot; no
timing is asserted (speed is what `python -m bench.dashboard` measures)."""

import json

import pytest

from bench import dashboard
from mesoclinic.courses.models import Course


@pytest.mark.django_db
def test_the_dashboard_benchmark_runs_and_writes_its_table_and_json(tmp_path, settings):
    settings.SECURE_SSL_REDIRECT = False
    dashboard.run(quick=True, out_dir=tmp_path, throwaway=False, scales=(1, 2))

    table = (tmp_path / "dashboard-quick.md").read_text()
    results = json.loads((tmp_path / "dashboard-quick.json").read_text())
    assert "| 2× demo |" in table
    first, second = results["steps"]
    assert (first["courses"], second["courses"]) == (30, 60)
    assert first["queries_per_view"] == second["queries_per_view"] > 0
    assert Course.objects.count() == 120  # both clinics grew
