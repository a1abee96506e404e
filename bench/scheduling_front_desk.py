"""The front desk's questions against a filled calendar, timed: whole-course availability
for new patients, a practitioner off sick for a day, a cancelled session."""

import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from mesoclinic.scheduling.availability import find_plans
from mesoclinic.scheduling.checker import check
from mesoclinic.scheduling.generate import Instance
from mesoclinic.scheduling.model import Calendar, CourseRequest, GapRules, Preferences
from mesoclinic.scheduling.repair import repair_absence, replace_session

PROBES, SICK_DAYS, CANCELLATIONS = 40, 5, 20
PROBE_SESSIONS = 10


def timed(action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def percentiles(samples: list[float], digits: int = 2) -> dict[str, float]:
    ordered = sorted(samples) or [0.0]

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {"n": len(samples), "p50": round(at(0.5), digits), "p95": round(at(0.95), digits)}


def probes(instance: Instance, rng: random.Random) -> list[CourseRequest]:
    """New courses of ten sessions asked for at the front desk, 70 % of them weekly, each
    starting on a weekday of the first part of the horizon, the patient wishing for it."""
    rules = sorted({r.rules for r in instance.requests}, key=lambda g: g.cadence_days)
    minutes = instance.requests[0].minutes
    first = instance.horizon.first
    span = (instance.horizon.last - first).days
    found = []
    for n in range(PROBES):
        gap = rules[0] if rng.random() < 0.7 or len(rules) == 1 else rules[-1]
        sessions = max(1, min(PROBE_SESSIONS, (span - 3) // gap.cadence_days))
        latest = max(1, span - sessions * gap.cadence_days)
        day = first + timedelta(days=rng.randrange(latest))
        day += timedelta(days=max(0, 7 - day.weekday()) if day.weekday() > 4 else 0)
        clinic = rng.choice(sorted(instance.calendar.clinics))
        wishes = Preferences(weekdays=frozenset({day.weekday()}))
        found.append(
            CourseRequest(
                f"probe{n}", f"probe-patient{n}", clinic, sessions, day, gap, minutes, wishes
            )
        )
    return found


def availability(instance: Instance, filled: Calendar, rng: random.Random) -> dict[str, Any]:
    samples, complete = [], 0
    for request in probes(instance, rng):
        found, seconds = timed(lambda r=request: find_plans(filled, r))
        samples.append(1000 * seconds)
        complete += bool(found.plans)
    return {"ms": percentiles(samples, 1), "with_a_plan": f"{complete}/{len(samples)}"}


def sick_days(instance: Instance, calendar: Calendar, rng: random.Random) -> dict[str, Any]:
    """The busiest practitioner of a day in the middle of the horizon falls ill."""
    rules: dict[str, GapRules] = dict(instance.rules)
    booked = calendar.booked
    dates = sorted({a.start.date() for a in booked})
    middle = dates[len(dates) // 3 : 2 * len(dates) // 3]
    seconds, direct, collateral, stranded, violations, to_the_end = [], 0, 0, 0, 0, 0
    for day in rng.sample(middle, min(SICK_DAYS, len(middle))):
        today = [a for a in booked if a.start.date() == day]
        who = max(
            sorted({a.practitioner_id for a in today}),
            key=lambda p: sum(a.practitioner_id == p for a in today),
        )
        person = calendar.practitioners[who]
        ill = replace(person, days_off=person.days_off | {day})
        sick = replace(calendar, practitioners={**calendar.practitioners, who: ill})
        proposal, took = timed(
            lambda c=sick, p=who, d=day: repair_absence(
                c, p, frozenset({d}), rules, not_before=d, last_held=instance.held
            )
        )
        seconds.append(took)
        direct += proposal.directly_affected
        collateral += proposal.collateral
        stranded += len(proposal.stranded)
        to_the_end += sum(m.after.number != m.before.number for m in proposal.moves)
        kept = replace(sick, booked=proposal.untouched(sick.booked))
        violations += len(check(kept, proposal.changed, rules, last_held=instance.held))
    return {
        "s": percentiles(seconds, 3),
        "directly_affected": direct,
        "collateral": collateral,
        "collateral_share": round(collateral / direct, 3) if direct else 0.0,
        "stranded": stranded,
        # Sessions sent after their course's last one: the patient misses a week.
        "to_the_end": to_the_end,
        "violations": violations,
    }


def cancellations(instance: Instance, calendar: Calendar, rng: random.Random) -> dict[str, Any]:
    """A patient cancels a session that has later sessions booked."""
    rules: dict[str, GapRules] = dict(instance.rules)
    booked = calendar.booked
    latest = {a.course_id: a.number for a in booked}
    for a in booked:
        latest[a.course_id] = max(latest[a.course_id], a.number)
    middle = [a for a in booked if a.course_id in rules and a.number < latest[a.course_id]]
    seconds, moved, replaced, violations = [], [], 0, 0
    for gone in rng.sample(middle, min(CANCELLATIONS, len(middle))):
        course = [b for b in booked if b.course_id == gone.course_id]
        without = replace(calendar, booked=tuple(b for b in booked if b.key() != gone.key()))
        found, took = timed(
            lambda c=without, k=course, g=gone: replace_session(
                c,
                k,
                g.number,
                rules[g.course_id],
                Preferences(),
                not_before=instance.horizon.first,
                last_held=instance.held.get(g.course_id),
            )
        )
        seconds.append(took)
        if found.options:
            best = found.options[0]
            replaced += 1
            moved.append(len(best.moves))
            changed = [best.session, *(m.after for m in best.moves)]
            violations += len(check(without, changed, rules, last_held=instance.held))
    return {
        "s": percentiles(seconds, 3),
        "replaced": f"{replaced}/{len(seconds)}",
        "collateral_max": max(moved, default=0),
        "violations": violations,
    }
