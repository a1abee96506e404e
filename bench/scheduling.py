"""Course scheduling: the greedy baseline and the CP-SAT optimiser side by side on generated
clinics, against the capacity, flow and chain bounds, plus the front desk's questions
(availability of a whole course, a sick day, a cancellation) against the calendar the
optimiser filled.

Every schedule, repair and re-placement is refereed by `scheduling.checker`; the number of
violations is reported and must be 0.

`python -m bench.scheduling [--tiers S,M] [--loads 0.7,0.85] [--seeds 2] [--time-limit 60]`
(the time limit is per clinic: a run of tier L gets three times as long; `--quick`: one
tiny instance, as the tests run it). `make bench` runs it with its defaults.
`--availability-only` runs only availability end to end, through the database
(`scheduling_availability`), and puts its table into scheduling.md.
"""

import argparse
import json
import os
import platform
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import ortools

from bench import scheduling_availability
from bench.scheduling_front_desk import availability, cancellations, sick_days, timed
from bench.scheduling_report import table, targets
from mesoclinic.protocols import load_protocol
from mesoclinic.scheduling.bounds import Bounds, bounds
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.generate import LOADS, TIERS, Instance, generate
from mesoclinic.scheduling.greedy import greedy
from mesoclinic.scheduling.optimiser import optimise
from mesoclinic.scheduling.schedule import Schedule, measure

OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"
DEFAULT_TIERS = ("S", "M", "L")


def _pct(part: float, whole: float) -> float:
    return round(100 * part / whole, 2) if whole else 100.0


def _side(instance: Instance, schedule: Schedule, seconds: float, b: Bounds) -> dict[str, Any]:
    m = measure(instance.requests, schedule.placed)
    violations = check(
        instance.calendar,
        schedule.placed,
        instance.rules,
        include_booked=True,
        last_held=instance.held,
    )
    return {
        "placed_pct": _pct(m.placed, m.requested),
        "ideal_pct": _pct(m.on_ideal, m.requested),
        "mean_deviation_days": round(m.mean_deviation, 3),
        "continuity_pct": round(100 * m.continuity, 2),
        "utilisation_pct": _pct(m.placed, b.capacity),
        "flow_gap_pct": round(100 - _pct(m.placed, b.flow), 2),
        "solve_s": round(seconds, 2),
        "violations": len(violations),
    }


def run_one(tier: str, load: float, seed: int, time_limit: float) -> dict[str, Any]:
    instance, generate_s = timed(lambda: generate(tier, load, seed, load_protocol()))
    calendar, requests, horizon = instance.calendar, instance.requests, instance.horizon
    b, bounds_s = timed(lambda: bounds(calendar, requests, horizon))
    base, greedy_s = timed(lambda: greedy(calendar, requests, horizon))
    limit = time_limit * len(calendar.clinics)
    result, optimise_s = timed(lambda: optimise(calendar, requests, horizon, time_limit=limit))
    filled = replace(calendar, booked=(*calendar.booked, *result.schedule.placed))
    rng = random.Random(f"{tier}/{load}/{seed}/front desk")
    run: dict[str, Any] = {
        "tier": tier,
        "load": load,
        "seed": seed,
        "load_generated": round(instance.load, 3),
        "requested": b.requested,
        "booked_before": len(calendar.booked),
        "bounds": {
            "capacity": b.capacity,
            "flow": b.flow,
            "flow_ideal": b.flow_ideal,
            "chain_ideal": b.chain_ideal,
            "ideal_pct": _pct(b.flow_ideal, b.requested),
            "chain_ideal_pct": _pct(b.chain_ideal, b.requested),
        },
        "greedy": _side(instance, base, greedy_s, b),
        "cp_sat": _side(instance, result.schedule, optimise_s, b),
        "search": result.status,
        "kept_greedy": list(result.kept_greedy),
        "availability": availability(instance, filled, rng),
        "sick_day": sick_days(instance, filled, rng),
        "cancellation": cancellations(instance, filled, rng),
        "generate_s": round(generate_s, 2),
        "bounds_s": round(bounds_s, 2),
    }
    run["violations"] = sum(
        run[part]["violations"] for part in ("greedy", "cp_sat", "sick_day", "cancellation")
    )
    return run


def run(
    *,
    quick: bool,
    out_dir: Path,
    tiers: tuple[str, ...] = DEFAULT_TIERS,
    loads: tuple[float, ...] = LOADS,
    seeds: int = 2,
    time_limit: float = 60.0,
) -> dict[str, Any]:
    """Every tier x load x seed; writes scheduling.md and .json to `out_dir` (for tiers other
    than the default ones, scheduling-<tiers>.md: scheduling-quick.md, scheduling-XL.md)."""
    if quick:
        tiers, loads, seeds, time_limit = ("quick",), (0.85,), 1, 2.0
    runs = []
    for tier in tiers:
        for load in loads:
            for seed in range(1, seeds + 1):
                runs.append(run_one(tier, load, seed, time_limit))
                print(f"  {tier} at load {load:g}, seed {seed}: done", flush=True)
    results: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "ortools": ortools.__version__,
        },
        "quick": quick,
        "time_limit": time_limit,
        "seeds": seeds,
        "runs": runs,
        "targets": targets(runs),
    }
    text = table(results)
    print(text)
    # A run of other tiers (XL, say) goes beside the default table instead of replacing it.
    name = "scheduling" if tiers == DEFAULT_TIERS else "scheduling-" + "-".join(tiers)
    (out_dir / f"{name}.md").write_text(text, encoding="utf-8")
    (out_dir / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if name == "scheduling":
        scheduling_availability.splice(out_dir)  # keep the end-to-end table
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scheduling")
    parser.add_argument(
        "--tiers", default=",".join(DEFAULT_TIERS), help=f"comma-separated: {', '.join(TIERS)}"
    )
    parser.add_argument("--loads", default=",".join(f"{load:g}" for load in LOADS))
    parser.add_argument("--seeds", type=int, default=2, help="seeds per tier and load")
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="optimiser seconds per clinic"
    )
    parser.add_argument("--quick", action="store_true", help="one tiny instance, a smoke run")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument(
        "--availability-only",
        action="store_true",
        help="only availability end to end, through a throwaway database",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.availability_only:
        scheduling_availability.main(quick=args.quick, out_dir=args.out)
        return
    run(
        quick=args.quick,
        out_dir=args.out,
        tiers=tuple(args.tiers.split(",")),
        loads=tuple(float(v) for v in args.loads.split(",")),
        seeds=args.seeds,
        time_limit=args.time_limit,
    )


if __name__ == "__main__":
    main()
