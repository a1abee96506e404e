"""Search for a clinic's day assignment: the whole problem first, then a part at a time.

CP-SAT gets the whole clinic first, starting from the greedy schedule (a feasible hint, so
it never ends worse). Where that is not proven optimal in three quarters of the work, the rest
goes to neighbourhoods solved with everything outside them fixed: windows of days slid
across the horizon, alternating with groups of courses (one that lost most, and courses
on its ideal days, so one of them can make room). Each starts from the current
assignment, so no step makes it worse. The gap rules reach across a neighbourhood's edge:
a session inside keeps its distance from its course's fixed sessions outside.
"""

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from mesoclinic.scheduling.assignment import PracticeDay, Problem, objective_of, solve
from mesoclinic.scheduling.schedule import Key, ProgressEvent, Weights

# A search's work is counted in the solver's deterministic time, not on the clock, so
# that the same input gets the same proposal on a busy machine as on an idle one. The
# time limit buys this much work a second; the clock stays a hard stop, and a search it
# cuts short says so (another run may then end elsewhere).
WORK_PER_SECOND = 0.1

# How a search ended, in words for the people reading the proposal.
ENDINGS = {
    "optimal": "solved to optimality",
    "settled": "no part of the schedule improved further; not proven optimal",
    "work": "its search budget was used up; not proven optimal, the same input gives "
    "the same proposal",
    "clock": "cut short by the time limit; not proven optimal, another run may propose differently",
}


@dataclass
class State:
    chosen: dict[Key, date]
    picks: dict[PracticeDay, list[int]] = field(default_factory=dict)
    placed: int = 0
    value: int = 0  # wishes met
    statuses: list[str] = field(default_factory=list)
    ended: str = "optimal"  # a key of ENDINGS


def _pick_rooms(problem: Problem, day: date, wanted: int) -> dict[PracticeDay, list[int]]:
    """Up to `wanted` of the day's slots, any practitioner's, earliest first, that keep to
    the day's room limits."""
    limits = dict(problem.room_limits.get(day, ()))
    used = dict.fromkeys(limits, 0)
    picks: dict[PracticeDay, list[int]] = {pd: [] for pd in problem.slots if pd[1] == day}
    options = sorted((a, pd) for pd in picks for a in problem.slots[pd])
    taken = 0
    for start, pd in options:
        if taken == wanted:
            break
        covered = [m for m in limits if start <= m < start + problem.footprint]
        if all(used[m] < limits[m] for m in covered):
            picks[pd].append(start)
            taken += 1
            for m in covered:
                used[m] += 1
    return picks


def _one_more_slot(
    problem: Problem, day: date, picks: Mapping[PracticeDay, list[int]]
) -> tuple[PracticeDay, int] | None:
    """A slot still unused on a day whose rooms are modelled that keeps to its limits."""
    limits = dict(problem.room_limits[day])
    used = dict.fromkeys(limits, 0)
    for pd, starts in picks.items():
        if pd[1] == day:
            for a in starts:
                for m in limits:
                    used[m] += a <= m < a + problem.footprint
    options = sorted((a, pd) for pd in problem.slots if pd[1] == day for a in problem.slots[pd])
    for start, where in options:
        if start in picks.get(where, ()):
            continue
        if all(used[m] < limits[m] for m in limits if start <= m < start + problem.footprint):
            return where, start
    return None


def initial_state(problem: Problem, start: Mapping[Key, date]) -> State:
    """The day assignment `start` made to fit the model. Sessions a day cannot hold (the
    model packs each practitioner's slots earliest first, the starting schedule may not
    have) go to the nearest day of their window that can, gaps kept, if there is one."""
    capacity: Counter[date] = Counter()
    for (_, d), starts in problem.slots.items():
        capacity[d] += len(starts)
    per_day: dict[date, list[Key]] = defaultdict(list)
    for s in problem.sessions:
        day = start.get(s.key())
        if day is not None and day in problem.days[s.key()]:
            per_day[day].append(s.key())
    state = State({})
    for day in problem.room_limits:
        state.picks.update(_pick_rooms(problem, day, len(per_day.get(day, []))))
    for day, keys in per_day.items():
        if day in problem.room_limits:
            keys = keys[: sum(len(v) for pd, v in state.picks.items() if pd[1] == day)]
        state.chosen.update(dict.fromkeys(keys[: capacity[day]], day))
    _place_dropped(problem, state, capacity)
    return state


def _place_dropped(problem: Problem, state: State, capacity: Mapping[date, int]) -> None:
    """Each session without a day takes the nearest day of its window with room left."""
    load = Counter(state.chosen.values())
    course: dict[str, dict[int, date]] = defaultdict(dict)
    for s in problem.sessions:
        if s.key() in state.chosen:
            course[s.course_id][s.number] = state.chosen[s.key()]
    for s in sorted(problem.sessions, key=lambda s: s.key()):
        if s.key() in state.chosen:
            continue
        mine, gap = course[s.course_id], timedelta(days=s.rules.min_gap_days)
        after = max((d for n, d in mine.items() if n < s.number), default=None)
        before = min((d for n, d in mine.items() if n > s.number), default=None)
        for day in sorted(problem.days[s.key()], key=lambda d: (abs((d - s.ideal).days), d)):
            if (after and day < after + gap) or (before and day > before - gap):
                continue
            if day in problem.room_limits:
                slot = _one_more_slot(problem, day, state.picks)
                if slot is None:
                    continue
                state.picks.setdefault(slot[0], []).append(slot[1])
            elif load[day] >= capacity[day]:
                continue
            state.chosen[s.key()] = mine[s.number] = day
            load[day] += 1
            break


def _neighbourhood(problem: Problem, state: State, free_keys: set[Key]) -> Problem:
    """The problem over the `free_keys` sessions, every other session fixed where it is."""
    free, fixed = [], defaultdict(list)
    fixed_load: Counter[date] = Counter()
    for s in problem.sessions:
        day = state.chosen.get(s.key())
        if s.key() in free_keys:
            free.append(s)
        elif day is not None:
            fixed[s.course_id].append((s.number, day))
            fixed_load[day] += 1
    days = {}
    for s in free:
        around = fixed.get(s.course_id, [])
        gap = timedelta(days=s.rules.min_gap_days)
        after = max((d for n, d in around if n < s.number), default=None)
        before = min((d for n, d in around if n > s.number), default=None)
        days[s.key()] = [
            d
            for d in problem.days[s.key()]
            if (after is None or d >= after + gap) and (before is None or d <= before - gap)
        ]
    touched = {d for options in days.values() for d in options}
    slots = {pd: v for pd, v in problem.slots.items() if pd[1] in touched}
    return replace(
        problem,
        sessions=free,
        days=days,
        slots=slots,
        room_limits={d: v for d, v in problem.room_limits.items() if d in touched},
        hint={s.key(): state.chosen[s.key()] for s in free if s.key() in state.chosen},
        hint_picks={pd: v for pd, v in state.picks.items() if pd in slots},
        fixed_load={d: n for d, n in fixed_load.items() if d in touched},
    )


def _in_window(problem: Problem, state: State, first: date, last: date) -> set[Key]:
    """The sessions on the window's days, and those without a day that could go there."""
    found = set()
    for s in problem.sessions:
        day = state.chosen.get(s.key())
        if any(first <= d <= last for d in ([day] if day else problem.days[s.key()])):
            found.add(s.key())
    return found


def _course_group(problem: Problem, state: State, rng: random.Random, target: int) -> set[Key]:
    """A course that lost the most (sessions off their ideal date or without a day), and
    courses sitting on its ideal days."""
    lost: Counter[str] = Counter()
    sessions: dict[str, list[Key]] = defaultdict(list)
    on_day: dict[date, set[str]] = defaultdict(set)
    for s in problem.sessions:
        sessions[s.course_id].append(s.key())
        day = state.chosen.get(s.key())
        if day != s.ideal:
            lost[s.course_id] += 1
        if day is not None:
            on_day[day].add(s.course_id)
    if not lost:
        return set()
    seed = rng.choice([c for c, _ in lost.most_common(20)])
    ideals = {s.ideal for s in problem.sessions if s.course_id == seed}
    nearby = sorted({c for d in ideals for c in on_day[d]} - {seed})
    rng.shuffle(nearby)
    group, size = [seed], len(sessions[seed])
    for course_id in nearby:
        if size >= target:
            break
        group.append(course_id)
        size += len(sessions[course_id])
    return {k for c in group for k in sessions[c]}


def windows(first: date, last: date, sessions: int, target: int) -> list[tuple[date, date]]:
    """Overlapping windows covering the horizon, each holding about `target` sessions."""
    span = (last - first).days + 1
    width = max(14, min(span, span * target // max(sessions, 1)))
    step = max(1, width // 2)
    found, start = [], first
    while True:
        end = min(last, start + timedelta(days=width - 1))
        found.append((start, end))
        if end >= last:
            return found
        start += timedelta(days=step)


def improve(
    problem: Problem,
    state: State,
    weights: Weights,
    *,
    time_limit: float,
    workers: int,
    work: float | None = None,
    target: int = 600,
    progress: Callable[[ProgressEvent], None] | None = None,
    bound: float = 0.0,
) -> State:
    """Search until `work` (default: `time_limit` × WORK_PER_SECOND) is spent, the whole
    problem is solved to optimality, or a round of neighbourhoods leaves the assignment as
    it was; `time_limit` seconds on the clock stop it whatever is left (the only use of a
    clock here: a time limit is a question of elapsed time, not of the date). Which
    neighbourhood comes next depends on the assignment alone, so the same problem gets
    the same answer unless the clock stops it. `progress` hears of each better
    assignment, with `bound` on the wishes met."""
    started = time.monotonic()
    budget = time_limit * WORK_PER_SECOND if work is None else work
    dates = sorted({d for _, d in problem.slots})
    if not dates or not problem.sessions:
        return state
    plan = windows(dates[0], dates[-1], len(problem.sessions), target)
    rng = random.Random(0)  # noqa: S311 - which neighbourhood next, not a secret
    state.placed, state.value = objective_of(problem, state.chosen, weights)
    state.ended = "settled"
    idle, step, used = 0, -1, 0.0
    least = min(budget, WORK_PER_SECOND)  # a neighbourhood's work, at least
    while idle < 2 * len(plan):
        left = budget - used
        clock_left = time_limit - (time.monotonic() - started)
        if clock_left <= 0.05:
            state.ended = "clock"
            break
        if left <= least / 10:
            state.ended = "work"
            break
        if step < 0:
            free = {s.key() for s in problem.sessions}
            allowed = 3 * left / 4 if len(plan) > 1 else left
        elif step % 2 == 0:
            free = _in_window(problem, state, *plan[(step // 2) % len(plan)])
            allowed = min(left, max(least, budget / (2 * len(plan))))
        else:
            free = _course_group(problem, state, rng, target // 2)
            allowed = min(left, max(least, budget / (4 * len(plan))))
        step += 1
        sub = _neighbourhood(problem, state, free)
        if not sub.sessions:
            idle += 1
            continue
        before = objective_of(sub, sub.hint, weights)

        def report(placed: int, wishes: int, before: tuple[int, int] = before) -> None:
            if progress and weights.total(placed, wishes) > weights.total(*before):
                progress(
                    ProgressEvent(
                        time.monotonic() - started,
                        state.value - before[1] + wishes,
                        bound,
                        state.placed - before[0] + placed,
                    )
                )

        result = solve(
            sub,
            weights,
            work=allowed,
            time_limit=clock_left,
            workers=workers,
            on_solution=report,
        )
        used += max(result.work, least / 10)
        state.statuses.append(result.status)
        after = objective_of(sub, result.chosen, weights)
        better = weights.total(*after) > weights.total(*before)
        if result.status in ("OPTIMAL", "FEASIBLE") and better:
            idle = 0
            for s in sub.sessions:
                state.chosen.pop(s.key(), None)
            state.chosen.update(result.chosen)
            state.picks.update(result.picks)
            state.placed += after[0] - before[0]
            state.value += after[1] - before[1]
        else:
            idle += 1
        if result.clock_cut:
            state.ended = "clock"
            break
        if len(free) == len(problem.sessions) and result.status == "OPTIMAL":
            state.ended = "optimal"
            break
    return state
