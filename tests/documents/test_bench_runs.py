"""The documents benchmark runs with the tests on the test data, so it cannot rot; no time
is asserted (speed is what `python -m bench.documents` measures)."""

import json

from bench import documents
from tests.conftest import actor


def test_the_documents_benchmark_times_every_document_and_writes_its_table(
    practitioner, charted, tmp_path
):
    results = documents.measure(
        actor(practitioner),
        plan_course=charted.course_id,
        session=charted.id,
        progress_course=charted.course_id,
        repeats=1,
    )
    results |= {
        # The same documents read again from a database grown ten times (here: not grown).
        "ten_times": {"patients": 10, **results},
        "machine": {"cores": 2, "python": "3.11", "weasyprint": "70.0"},
        "repeats": 1,
        "demo": {
            "appointments": 0,
            "plan_sessions": 11,
            "progress_sessions": 1,
            "progress_reassessments": 0,
            "report_photos": 0,
        },
    }
    documents.write(results, tmp_path, "documents-test")

    table = (tmp_path / "documents-test.md").read_text()
    written = json.loads((tmp_path / "documents-test.json").read_text())
    for name in ("treatment plan", "aftercare sheet", "progress report"):
        assert f"| {name} |" in table
        assert written["documents"][name]["pages"] >= 1
        assert written["documents"][name]["total_ms"]["p50"] > 0
    assert "| baseline: one line through WeasyPrint | 1 |" in table
    assert "so the database holds\n10 patients, ten times the demo" in table
    assert table.count("| treatment plan |") == 2
