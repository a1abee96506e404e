"""How fast a course estimate comes back: the pure estimate, and `mesoclinic plan` as a
process against a bare interpreter start measured in the same run (the baseline)."""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from mesoclinic.domain.estimate import AreaAssessment, PlanRequest, estimate_course
from mesoclinic.protocols import load_protocol


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _requests() -> list[PlanRequest]:
    requests = []
    for grade in range(4):
        # Item E of the CSS is the grade, so a grade allows totals from grade to grade + 12.
        for total in [None] if grade in (0, 1) else [None, grade, 5, 8, 12, grade + 12]:
            for cadence in (7, 14):
                for lifestyle in (False, True):
                    areas = (
                        AreaAssessment(area="thighs", side="left", nm_grade=grade, css_total=total),
                        AreaAssessment(area="buttocks", side=None, nm_grade=max(0, grade - 1)),
                    )
                    requests.append(
                        PlanRequest(
                            areas=areas,
                            start=date(2027, 1, 4),
                            cadence_days=cadence,
                            lifestyle=lifestyle,
                        )
                    )
    return requests


def _time_estimates(repeats: int) -> list[float]:
    protocol = load_protocol()
    requests = _requests()
    samples = []
    for _ in range(repeats):
        for request in requests:
            started = time.perf_counter()
            estimate_course(request, protocol)
            samples.append((time.perf_counter() - started) * 1e6)
    return samples


def _time_process(command: list[str], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=dict(os.environ))
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def run(*, quick: bool, out_dir: Path) -> dict[str, object]:
    estimate_us = _time_estimates(repeats=2 if quick else 200)
    process_repeats = 1 if quick else 10
    baseline_ms = _time_process([sys.executable, "-c", "pass"], process_repeats)
    cli_ms = _time_process(
        [sys.executable, "-m", "mesoclinic", "plan", "--grade", "2", "--css-total", "8", "--json"],
        process_repeats,
    )
    results: dict[str, object] = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "estimate_us": {
            "n": len(estimate_us),
            "p50": _percentile(estimate_us, 0.5),
            "p95": _percentile(estimate_us, 0.95),
        },
        "cli_ms": {"n": len(cli_ms), "median": statistics.median(cli_ms)},
        "interpreter_start_ms": {"n": len(baseline_ms), "median": statistics.median(baseline_ms)},
    }
    cli, baseline = statistics.median(cli_ms), statistics.median(baseline_ms)
    table = "\n".join(
        [
            "# Course estimate benchmark",
            "",
            f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}."
            + (" Quick run: numbers are indicative only." if quick else ""),
            "",
            "| measure | value |",
            "|---|---|",
            f"| estimate_course p50 (µs, n={len(estimate_us)}) "
            f"| {_percentile(estimate_us, 0.5):.1f} |",
            f"| estimate_course p95 (µs) | {_percentile(estimate_us, 0.95):.1f} |",
            f"| `mesoclinic plan --json` median (ms, n={len(cli_ms)}) | {cli:.0f} |",
            f"| bare interpreter start median (ms, baseline) | {baseline:.0f} |",
            f"| CLI / baseline | {cli / baseline:.1f}× |",
            "",
        ]
    )
    print(table)
    name = "estimate-quick" if quick else "estimate"
    (out_dir / f"{name}.md").write_text(table, encoding="utf-8")
    (out_dir / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results
