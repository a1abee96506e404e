"""Upper bounds on what any schedule can place, to say how far a schedule is from the best.

- Capacity bound: each clinic's free practitioner time and free room time over the
  horizon, counted in whole session footprints (the session, its buffer, rounded to the
  booking grid) per free stretch; no schedule places more sessions than either holds.
- Flow bound: a maximum flow from sessions to the practitioner-days of their windows
  (each holds as many sessions as can be packed into it) and on to the days (each holds
  as many as the rooms can take). The links between the sessions of a course (the gap
  rules) are dropped, so this is a relaxation: every real schedule is such a flow. The
  same flow over ideal-date arcs alone bounds the sessions on their ideal date.
- Chain bound: each course alone, capacity ignored, places every session it can and as
  many as it can on their ideal dates (dynamic programming over its sessions' days). It
  keeps the links the flow drops: with the protocol's minimum gap equal to a weekly
  cadence, a session pushed late pushes every later one, and a holiday can push a course
  for good. It bounds the ideal-date count of any schedule that places every session each
  course can place.
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ortools.graph.python import max_flow

from mesoclinic.scheduling.greedy import candidate_days
from mesoclinic.scheduling.model import Calendar, Clinic, CourseRequest, Practitioner, Room
from mesoclinic.scheduling.schedule import (
    Horizon,
    Neighbours,
    by_course,
    movable_booked,
    neighbours,
    sessions_of,
)
from mesoclinic.scheduling.timeline import Board, days, session_step


@dataclass(frozen=True, slots=True)
class Bounds:
    requested: int
    capacity: int  # sessions placed, at most
    flow: int  # sessions placed, at most (never above `capacity`)
    flow_ideal: int  # sessions on their ideal date, at most
    chain_ideal: int  # sessions on their ideal date when every placeable session is placed


def _stretch_count(length: int, minutes: int, step: int) -> int:
    return (length - minutes) // step + 1 if length >= minutes else 0


def _free_time_count(
    board: Board, clinic: Clinic, resource: Practitioner | Room, day: date, minutes: int
) -> int:
    """Sessions that fit in the resource's free stretches, each taken on its own."""
    prefix = "p:" if isinstance(resource, Practitioner) else "r:"
    buffer, step = clinic.buffer_minutes, session_step(clinic, minutes)
    busy = sorted(board.busy.get((prefix + resource.id, day), ()))
    total = 0
    for segment in board.segments(clinic, resource, day):
        pieces = [(segment.start, segment.end)]
        for s, e in busy:
            hole = (s - buffer, e + buffer)
            pieces = [
                part
                for a, b in pieces
                for part in ((a, min(b, hole[0])), (max(a, hole[1]), b))
                if part[0] < part[1]
            ]
        total += sum(_stretch_count(b - a, minutes, step) for a, b in pieces)
    return total


def _chain(
    request: CourseRequest, horizon: Horizon, context: Neighbours, open_days: set[date]
) -> tuple[int, int]:
    """(sessions placed, on the ideal date) at best for the course alone."""
    gap = timedelta(days=request.rules.min_gap_days)
    best: dict[date | None, tuple[int, int]] = {context.before: (0, 0)}
    for session in sessions_of(request):
        after = dict(best)  # the session left out
        for day in candidate_days(session, horizon, None, context.after):
            if day not in open_days:
                continue
            reachable = [v for last, v in best.items() if last is None or day >= last + gap]
            if reachable:
                placed, ideal = max(reachable)
                after[day] = max(
                    after.get(day, (-1, -1)), (placed + 1, ideal + (day == session.ideal))
                )
        best = after
    return max(best.values())


def bounds(
    calendar: Calendar,
    requests: Sequence[CourseRequest],
    horizon: Horizon,
    *,
    movable: Collection[str] = (),
) -> Bounds:
    """Bounds on the `requests` placed. The booked sessions of the `movable` courses in the
    horizon are free to move, as they are for the optimiser: they hold no time here, so
    the bounds are of the problem the optimiser solves, a relaxation of it."""
    free = set(movable_booked(calendar, movable, horizon))
    calendar = replace(calendar, booked=tuple(a for a in calendar.booked if a not in free))
    board = Board.of(calendar)
    booked = by_course(calendar)
    contexts = {(r.id, r.first_number): neighbours(booked.get(r.id, []), r) for r in requests}
    requested = sum(r.sessions for r in requests)
    capacity = flow = flow_ideal = chain_ideal = 0
    for clinic_id in sorted({r.clinic_id for r in requests}):
        clinic = calendar.clinics[clinic_id]
        mine = [r for r in requests if r.clinic_id == clinic_id]
        minutes = min(r.minutes for r in mine)
        staff = sorted(
            (p for p in calendar.practitioners.values() if p.clinic_id == clinic_id),
            key=lambda p: p.id,
        )
        rooms = [r for r in calendar.rooms.values() if r.clinic_id == clinic_id]
        dates = list(days(horizon.first, horizon.last))
        people_time = sum(
            _free_time_count(board, clinic, p, d, minutes) for p in staff for d in dates
        )
        room_time = sum(
            _free_time_count(board, clinic, r, d, minutes) for r in rooms for d in dates
        )
        asked = sum(r.sessions for r in mine)
        capacity += min(asked, people_time, room_time)
        slots = {
            (p.id, d): n
            for p in staff
            for d in dates
            if (n := len(board.pattern(clinic, p, d, minutes)))
        }
        room_slots = {
            d: sum(board.room_pattern_count(clinic, r, d, minutes) for r in rooms) for d in dates
        }
        arcs: list[tuple[str, tuple[int, int], date, bool]] = []
        for n, request in enumerate(mine):
            context = contexts[request.id, request.first_number]
            for session in sessions_of(request):
                for d in candidate_days(session, horizon, context.before, context.after):
                    arcs += [
                        (p.id, (n, session.number), d, d == session.ideal)
                        for p in staff
                        if (p.id, d) in slots
                    ]
        open_days = {d for _, d in slots}
        chain_ideal += sum(
            _chain(r, horizon, contexts[r.id, r.first_number], open_days)[1] for r in mine
        )
        flow += _max_flow(arcs, slots, room_slots, ideal_only=False)
        flow_ideal += _max_flow(arcs, slots, room_slots, ideal_only=True)
    return Bounds(requested, capacity, flow, flow_ideal, chain_ideal)


def _max_flow(
    arcs: list[tuple[str, tuple[int, int], date, bool]],
    slots: dict[tuple[str, date], int],
    room_slots: dict[date, int],
    *,
    ideal_only: bool,
) -> int:
    nodes: dict[object, int] = {"source": 0, "sink": 1}

    def node(name: object) -> int:
        return nodes.setdefault(name, len(nodes))

    graph = max_flow.SimpleMaxFlow()
    seen: set[tuple[int, int]] = set()
    for p, session, d, ideal in arcs:
        if ideal_only and not ideal:
            continue
        if session not in seen:
            seen.add(session)
            graph.add_arc_with_capacity(0, node(("s", session)), 1)
        graph.add_arc_with_capacity(node(("s", session)), node(("pd", p, d)), 1)
    for (p, d), n in slots.items():
        if ("pd", p, d) in nodes:
            graph.add_arc_with_capacity(nodes["pd", p, d], node(("d", d)), n)
    for d, n in room_slots.items():
        if ("d", d) in nodes:
            graph.add_arc_with_capacity(nodes["d", d], 1, n)
    # The stub leaves `solve` untyped: it takes the source and the sink.
    solve: Callable[[int, int], object] = graph.solve
    if solve(0, 1) != graph.OPTIMAL:
        raise RuntimeError("the flow bound could not be computed")
    return int(graph.optimal_flow())
