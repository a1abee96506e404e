"""How fast a course estimate comes back: the pure estimate, and `mesoclinic plan` as a
process against two baselines measured in the same run, in turns so that a busy machine
weighs on all three alike: a bare interpreter start, and `python -c "import django"` (the
least a Django command can cost). The target: `plan --json` within 15× `import django`."""

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


def _time_processes(commands: dict[str, list[str]], repeats: int) -> dict[str, list[float]]:
    """Each command run `repeats` times, one of each in turn."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=dict(os.environ))
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


TARGET_RATIO = 15


def run(*, quick: bool, out_dir: Path) -> dict[str, object]:
    estimate_us = _time_estimates(repeats=2 if quick else 200)
    timed = _time_processes(
        {
            "cli": [
                *(sys.executable, "-m", "mesoclinic", "plan"),
                *("--grade", "2", "--css-total", "8", "--json"),
            ],
            "interpreter": [sys.executable, "-c", "pass"],
            "django": [sys.executable, "-c", "import django"],
        },
        repeats=1 if quick else 10,
    )
    cli, baseline, django = (statistics.median(timed[k]) for k in ("cli", "interpreter", "django"))
    n = len(timed["cli"])
    results: dict[str, object] = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "estimate_us": {
            "n": len(estimate_us),
            "p50": _percentile(estimate_us, 0.5),
            "p95": _percentile(estimate_us, 0.95),
        },
        "cli_ms": {"n": n, "median": cli},
        "interpreter_start_ms": {"n": n, "median": baseline},
        "import_django_ms": {"n": n, "median": django},
        "cli_over_import_django": cli / django,
        "target_ratio": TARGET_RATIO,
    }
    table = "\n".join(
        [
            "# Course estimate benchmark",
            "",
            f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}."
            + (" Quick run: numbers are indicative only." if quick else ""),
            "The three processes run in turns, so a busy machine slows them alike.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| estimate_course p50 (µs, n={len(estimate_us)}) "
            f"| {_percentile(estimate_us, 0.5):.1f} |",
            f"| estimate_course p95 (µs) | {_percentile(estimate_us, 0.95):.1f} |",
            f"| `mesoclinic plan --json` median (ms, n={n}) | {cli:.0f} |",
            f"| bare interpreter start median (ms, baseline) | {baseline:.0f} |",
            f'| `python -c "import django"` median (ms, baseline) | {django:.0f} |',
            f"| CLI / baseline | {cli / baseline:.1f}× |",
            f"| CLI / import django (target ≤ {TARGET_RATIO}×) | {cli / django:.1f}× |",
            "",
        ]
    )
    print(table)
    name = "estimate-quick" if quick else "estimate"
    (out_dir / f"{name}.md").write_text(table, encoding="utf-8")
    (out_dir / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results
