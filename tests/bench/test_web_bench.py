"""The web benchmark's load generator loads only this machine, and the whole benchmark runs
end to end on tiny data (PostgreSQL run only: it copies databases on the server), so it
cannot rot; no timing is asserted (speed is what `make bench-web` measures)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from bench.web.client import Browser, NotLoopback
from bench.web.data import template_name, url_for

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.1:8000", "http://example.org:80", "https://127.0.0.1:8443", "http://[::2]:80"],
)
def test_the_load_generator_refuses_any_server_but_a_loopback_one(url):
    with pytest.raises(NotLoopback):
        Browser(url)


def test_the_load_generator_accepts_a_loopback_server():
    assert (Browser("http://127.0.0.1:8000").host, Browser("http://[::1]:81").port) == (
        "127.0.0.1",
        81,
    )


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL run only: copies databases on the server")
def test_the_web_benchmark_runs_end_to_end_and_writes_its_tables(tmp_path):
    # A database of its own on the test server, beside the test databases.
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/bench_web_{os.getpid()}"
    try:
        _run_quick_benchmark(url, tmp_path)
    finally:
        with psycopg.connect(url_for(url, "postgres"), autocommit=True) as admin:
            for name in (url.rsplit("/", 1)[1], template_name(url)):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run_quick_benchmark(url: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.web",
            "--quick",
            "--users=1,2",
            "--workers=1",
            "--duration=2",
            "--warmup=0.5",
            f"--out={tmp_path}",
            f"--cache={tmp_path / 'cache'}",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads((tmp_path / "web-quick.json").read_text())
    assert [(r["workers"], r["users"]) for r in results["runs"]] == [(1, 1), (1, 2)]
    assert all(r["requests"] > 0 and r["errors"] == 0 for r in results["runs"])
    assert all(p["hwm_mb"] > 0 for r in results["runs"] for p in r["memory"])
    assert len(results["hot_queries"]["queries"]) == 5
    requests = results["hot_queries"]["requests"]
    assert requests["today's list (page)"]["queries"] > 0
    assert {name: r["statuses"] for name, r in requests.items()} == {
        name: [200] for name in requests
    }
    table = (tmp_path / "web-quick.md").read_text()
    assert "| target | measured | met |" in table
    assert "Seq Scan" in table or "Index" in table  # the plans are there


def test_writing_the_tables_again_keeps_the_section_on_where_the_time_went(tmp_path):
    from bench.web.report import KEPT_SECTION, write

    results = json.loads((ROOT / "docs" / "benchmarks" / "web.json").read_text())
    write(results, tmp_path, "web")
    page = tmp_path / "web.md"
    page.write_text(page.read_text() + f"\n{KEPT_SECTION}\n\nThe day list read every course.\n")

    write(results, tmp_path, "web")

    again = page.read_text()
    assert again.count(KEPT_SECTION) == 1
    assert again.endswith(f"{KEPT_SECTION}\n\nThe day list read every course.\n")
    assert again.startswith("# Web benchmark")
