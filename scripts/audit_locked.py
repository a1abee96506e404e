"""Audits the locked dependencies against the advisory database (pip-audit) and fails on a
known vulnerability.

pip-audit exits 0 when it could not look a package up (its index unreachable, or answering
"not found"), so a silent pass could mean nothing was checked. Here every locked package
must be audited: one that was not means the advisory database could not be read. That
fails the step where the audit is required (AUDIT_REQUIRED=true, for a CI that can reach
the advisory database) and is reported, loudly, and skipped elsewhere: an offline laptop,
or a CI that reaches only the package registries, can still run `make test`.

Usage: python scripts/audit_locked.py requirements/main.lock requirements/dev.lock
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def run_pip_audit(lock_files: list[str]) -> tuple[dict | None, str]:
    command = [str(PIP_AUDIT), "--format", "json", "--progress-spinner", "off"]
    command += ["--require-hashes", "--disable-pip"]
    for lock_file in lock_files:
        command += ["--requirement", lock_file]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        return None, result.stderr or result.stdout


def verdict(report: dict | None, error: str, *, required: bool) -> tuple[int, list[str]]:
    """The exit status and the lines to print, from pip-audit's JSON report."""
    if report is None:
        lines = ["pip-audit could not run:", error.strip()[-2000:]]
        return _unreachable(lines, required=required)
    lines: list[str] = []
    vulnerable = [dep for dep in report["dependencies"] if dep.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases", []))
            lines.append(
                f"{dep['name']} {dep['version']}: {vuln['id']}"
                + (f" ({aliases})" if aliases else "")
                + f", fixed in {fixed}"
            )
    if vulnerable:
        return 1, ["Known vulnerabilities in the locked packages:", *lines]
    skipped = [dep for dep in report["dependencies"] if "skip_reason" in dep]
    if skipped:
        lines = [
            f"{len(skipped)} of {len(report['dependencies'])} locked packages could not be "
            "audited (the advisory database could not be read), e.g.:",
            *(f"  {dep['skip_reason']}" for dep in skipped[:3]),
        ]
        return _unreachable(lines, required=required)
    return 0, [f"No known vulnerabilities in {len(report['dependencies'])} locked packages."]


def _unreachable(lines: list[str], *, required: bool) -> tuple[int, list[str]]:
    if required:
        return 1, [*lines, "The audit is required here (AUDIT_REQUIRED=true): failing."]
    return 0, [
        *lines,
        "Audit skipped: NO vulnerability check was made "
        "(AUDIT_REQUIRED=true makes this a failure).",
    ]


def main() -> int:
    required = os.environ.get("AUDIT_REQUIRED", "").strip().lower() in {"1", "true", "yes"}
    report, error = run_pip_audit(sys.argv[1:])
    status, lines = verdict(report, error, required=required)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
