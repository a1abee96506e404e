"""Read-only commands start fast: `plan`, `help` and `token list` run no system checks and
import neither the URL configuration nor the optimiser (OR-Tools, whose CP-SAT imports
pandas). `mesoclinic check` still runs every check. How fast `plan --json` comes back
against a bare `import django` is measured in bench/estimate.py, not here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Runs the command as the console script does, then prints, on a last line, whether the
# system checks ran, whether the apps were loaded and which watched modules were imported.
PROBE = """
import atexit, json, sys
from django.core import checks

ran = []
real_run_checks = checks.run_checks

def run_checks(*args, **kwargs):
    ran.append(True)
    return real_run_checks(*args, **kwargs)

checks.run_checks = run_checks
watched = ("ortools", "pandas", "mesoclinic.urls", "mesoclinic.scheduling.optimiser")

def report():
    from django.apps import apps

    imported = sorted(name for name in watched if name in sys.modules)
    found = {"checks_ran": bool(ran), "imported": imported, "apps_ready": apps.ready}
    print("PROBE " + json.dumps(found))

atexit.register(report)
from mesoclinic.cli import main
main(sys.argv[1:])
"""


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    """A migrated SQLite database of its own, so `token list` reads real tables."""
    directory = tmp_path_factory.mktemp("read-only-commands")
    run_probed(directory, "migrate", "--verbosity", "0")
    return directory


def run_probed(var: Path, *args: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["MESOCLINIC_VAR_DIR"] = str(var)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    probe = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert probe, result.stderr
    return {"returncode": result.returncode, "stdout": result.stdout, **json.loads(probe[-1][6:])}


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "--grade", "2", "--css-total", "8", "--json"),
        ("help",),
        ("token", "list", "--user", "nobody"),
    ],
    ids=["plan", "help", "token list"],
)
def test_a_read_only_command_runs_no_checks_and_imports_no_urls_nor_optimiser(var_dir, args):
    seen = run_probed(var_dir, *args)

    assert seen["checks_ran"] is False
    assert seen["imported"] == []


def test_plan_still_prints_its_estimate_as_json(var_dir):
    seen = run_probed(var_dir, "plan", "--grade", "2", "--css-total", "8", "--json")

    assert seen["returncode"] == 0
    printed = seen["stdout"].rpartition("PROBE ")[0]
    assert json.loads(printed)["sessions"]["min"] == 10


def test_mesoclinic_check_still_runs_every_check_with_the_url_configuration(var_dir):
    seen = run_probed(var_dir, "check")

    assert seen["returncode"] == 0
    assert seen["checks_ran"] is True
    assert "mesoclinic.urls" in seen["imported"]


def test_plan_loads_no_app_and_reads_no_database(var_dir):
    seen = run_probed(var_dir, "plan", "--grade", "1", "--json")

    assert seen["returncode"] == 0
    assert seen["apps_ready"] is False
