"""How `make audit` reads pip-audit's report: a known vulnerability fails; a package that
could not be looked up means nothing was checked, which fails where the audit is required
(AUDIT_REQUIRED=true)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_locked.py"
spec = importlib.util.spec_from_file_location("audit_locked", SCRIPT)
assert spec is not None
assert spec.loader is not None
audit_locked = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_locked)

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "pillow",
    "version": "13.0.0",
    "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["13.0.1"], "aliases": ["CVE-0000-1"]}],
}
NOT_LOOKED_UP = {"name": "waitress", "skip_reason": "Dependency not found on PyPI"}


def test_a_known_vulnerability_fails_naming_the_package_advisory_and_fixed_version():
    status, lines = audit_locked.verdict({"dependencies": [CLEAN, VULNERABLE]}, "", required=False)

    assert status == 1
    assert "pillow 13.0.0: PYSEC-0000-1 (CVE-0000-1), fixed in 13.0.1" in lines


def test_every_package_audited_and_clean_passes():
    status, _ = audit_locked.verdict({"dependencies": [CLEAN]}, "", required=True)

    assert status == 0


def test_a_package_not_looked_up_fails_required():
    status, lines = audit_locked.verdict(
        {"dependencies": [CLEAN, NOT_LOOKED_UP]}, "", required=True
    )

    assert status == 1
    assert "1 of 2 locked packages could not be audited" in lines[0]


def test_a_package_not_looked_up_is_reported_and_skipped_where_it_is_not_required():
    status, lines = audit_locked.verdict(
        {"dependencies": [CLEAN, NOT_LOOKED_UP]}, "", required=False
    )

    assert status == 0
    assert lines[-1].startswith("Audit skipped")


def test_pip_audit_failing_to_run_fails_required():
    status, lines = audit_locked.verdict(None, "ConnectionError: no route", required=True)

    assert status == 1
    assert "ConnectionError: no route" in lines
