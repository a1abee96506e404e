"""Stage 1b of the optimiser: who sees each session, once every session has its day.

Each course gets a home practitioner, the one free on most of its days (the patient's
choice and the practitioner of its booked sessions break ties). Each day is then a
minimum-cost flow from its sessions to its practitioners' free slots, cheapest when a
session goes to its course's home practitioner or the patient's choice. A second round
makes each course's home the practitioner it ended up with most.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from ortools.graph.python import min_cost_flow

from mesoclinic.scheduling.assignment import PracticeDay
from mesoclinic.scheduling.schedule import Key, Session, Weights

ROUNDS = 2


def _homes(
    sessions: Sequence[Session],
    chosen: Mapping[Key, date],
    open_slots: Mapping[PracticeDay, int],
    prior: Mapping[str, str],
) -> dict[str, str]:
    """Each course's home practitioner: longest courses choose first, each the practitioner
    with a slot left on most of its days (the patient's choice, then the practitioner of
    its booked sessions, on a tie)."""
    staff = sorted({p for p, _ in open_slots})
    left = dict(open_slots)
    per_course: dict[str, list[tuple[date, Session]]] = defaultdict(list)
    for s in sessions:
        if s.key() in chosen:
            per_course[s.course_id].append((chosen[s.key()], s))
    homes = {}
    for course, mine in sorted(per_course.items(), key=lambda item: (-len(item[1]), item[0])):
        wished = mine[0][1].preferences.practitioner_id
        before = prior.get(course)
        fit = {
            p: (sum(left.get((p, d), 0) > 0 for d, _ in mine), p == wished, p == before, p)
            for p in staff
        }
        home = max(staff, key=fit.__getitem__)
        homes[course] = home
        for d, _ in mine:
            if left.get((home, d), 0) > 0:
                left[home, d] -= 1
    return homes


def _day(
    day: date,
    mine: Sequence[Session],
    open_slots: Mapping[PracticeDay, int],
    homes: Mapping[str, str],
    weights: Weights,
) -> dict[Key, PracticeDay]:
    staff = sorted(p for p, d in open_slots if d == day and open_slots[p, d])
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    first_person = 2 + len(mine)
    top = weights.extra_practitioner + weights.preferred_practitioner + weights.unchanged
    arcs: dict[int, tuple[Key, str]] = {}
    for i, s in enumerate(mine):
        flow.add_arc_with_capacity_and_unit_cost(source, 2 + i, 1, 0)
        for j, p in enumerate(staff):
            kept = s.keep is not None and (s.keep.practitioner_id, s.keep.start.date()) == (p, day)
            gain = (
                weights.extra_practitioner * (p == homes.get(s.course_id))
                + weights.preferred_practitioner * (p == s.preferences.practitioner_id)
                + weights.unchanged * kept
            )
            arc = flow.add_arc_with_capacity_and_unit_cost(2 + i, first_person + j, 1, top - gain)
            arcs[arc] = (s.key(), p)
    for j, p in enumerate(staff):
        flow.add_arc_with_capacity_and_unit_cost(first_person + j, sink, open_slots[p, day], 0)
    flow.set_node_supply(source, len(mine))
    flow.set_node_supply(sink, -len(mine))
    # The stub leaves `solve` untyped; it returns the solver's status.
    solve: Callable[[], object] = flow.solve
    if solve() != flow.OPTIMAL:
        raise RuntimeError(f"the sessions of {day} do not fit its practitioners' slots")
    return {key: (p, day) for arc, (key, p) in arcs.items() if flow.flow(arc)}


def assign_practitioners(
    sessions: Sequence[Session],
    chosen: Mapping[Key, date],
    open_slots: Mapping[PracticeDay, int],
    weights: Weights,
    prior: Mapping[str, str],
) -> dict[Key, PracticeDay]:
    """A practitioner for every session with a day; `open_slots` are the sessions each
    practitioner-day takes, `prior` the practitioner of each course's booked sessions."""
    per_day: dict[date, list[Session]] = defaultdict(list)
    for s in sessions:
        if s.key() in chosen:
            per_day[chosen[s.key()]].append(s)
    homes = _homes(sessions, chosen, open_slots, prior)
    found: dict[Key, PracticeDay] = {}
    for _ in range(ROUNDS):
        found = {}
        for day, mine in sorted(per_day.items()):
            found.update(_day(day, mine, open_slots, homes, weights))
        used: dict[str, Counter[str]] = defaultdict(Counter)
        for (course, _), (p, _) in found.items():
            used[course][p] += 1
        homes = {
            course: max(counts, key=lambda p: (counts[p], p == homes.get(course), p))
            for course, counts in used.items()
        }
    return found
