"""Batch optimiser: place many courses at once, better than one after another.

Clinics share nothing, so each is solved on its own, with a share of the time limit in
proportion to its sessions. Within a clinic: CP-SAT gives each session a day (`assignment`,
searched by `lns`), each day's sessions get practitioners (`practitioners`), then starts
and rooms (`packing`), and a first-fit pass offers the sessions left over whatever is
still free. The greedy schedule is the search's starting point and its floor: a clinic's
result is greedy's unless it places at least as many sessions and scores at least as
well (`Weights`), so the optimiser is never worse than greedy.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from mesoclinic.scheduling.assignment import Problem, day_value
from mesoclinic.scheduling.greedy import candidate_days, greedy
from mesoclinic.scheduling.lns import ENDINGS, improve, initial_state
from mesoclinic.scheduling.model import (
    Appointment,
    Calendar,
    CourseRequest,
    GapRules,
    PartOfDay,
    Preferences,
    earliest_day,
)
from mesoclinic.scheduling.packing import fill, pack
from mesoclinic.scheduling.practitioners import assign_practitioners
from mesoclinic.scheduling.rooms import room_limits
from mesoclinic.scheduling.schedule import (
    WEIGHTS,
    Horizon,
    ProgressEvent,
    Schedule,
    Session,
    Unplaced,
    Weights,
    movable_booked,
    sessions_of,
)
from mesoclinic.scheduling.timeline import Board, days


@dataclass(frozen=True, slots=True)
class Optimised:
    schedule: Schedule
    greedy: Schedule  # the baseline, computed on the way
    status: str  # how each clinic's search went
    objective: float  # wishes met by the day assignment, summed over clinics
    bound: float  # no day assignment meets more
    kept_greedy: tuple[str, ...]  # clinics where the greedy schedule was better


def value(
    sessions: Sequence[Session], appointments: Sequence[Appointment], weights: Weights
) -> tuple[int, int]:
    """(sessions placed, wishes met) of a schedule, to compare the optimiser's with greedy's."""
    by_key = {s.key(): s for s in sessions}
    seen: dict[str, set[str]] = defaultdict(set)
    placed = total = 0
    for a in appointments:
        s = by_key.get(a.key())
        if s is None:
            continue
        placed += 1
        seen[a.course_id].add(a.practitioner_id)
        total += day_value(s, a.start.date(), weights)
        if s.keep is not None:
            # The day's value counts a booked session on its own day as unchanged; only
            # its very time, practitioner and room are: any other is a call to the patient.
            same_day = a.start.date() == s.keep.start.date()
            total += weights.unchanged * (unchanged(a, s.keep) - same_day)
        total += weights.preferred_practitioner * (
            a.practitioner_id == s.preferences.practitioner_id
        )
        total += weights.preferred_part_of_day * (
            s.preferences.part_of_day == PartOfDay.of(a.start)
        )
    return placed, total - weights.extra_practitioner * sum(len(p) - 1 for p in seen.values())


def unchanged(placed: Appointment, booked: Appointment) -> bool:
    """A booked session left exactly where it was: any other placement is a move."""
    where = (placed.start, placed.practitioner_id, placed.room_id)
    return where == (booked.start, booked.practitioner_id, booked.room_id)


def _ceiling(problem: Problem, weights: Weights) -> float:
    """No day assignment meets more wishes than every session on its best day. A session
    may be left without a day, which adds nothing to the wishes: where its best day is
    worth less than nothing (an overdue session, all its days late), it counts as nothing,
    or the ceiling would fall below the score of a schedule that leaves it out."""
    return float(
        sum(
            max([0, *(day_value(s, d, weights) for d in problem.days[s.key()])])
            for s in problem.sessions
        )
    )


def _movable_sessions(
    calendar: Calendar,
    movable: Collection[str],
    rules: Mapping[str, GapRules],
    horizon: Horizon,
    last_held: Mapping[str, date],
) -> list[Session]:
    """The booked sessions free to move, each no earlier than a new session of its course
    could go: the session held last may be charted without an appointment on the calendar."""
    return [
        Session(
            a.course_id,
            a.patient_id,
            calendar.practitioners[a.practitioner_id].clinic_id,
            a.number,
            a.ideal or a.start.date(),
            rules[a.course_id],
            int((a.end - a.start).total_seconds()) // 60,
            Preferences(),
            keep=a,
            earliest=earliest_day(last_held.get(a.course_id), rules[a.course_id], None),
        )
        for a in movable_booked(calendar, movable, horizon)
    ]


def _problem(
    board: Board, clinic_id: str, sessions: Sequence[Session], horizon: Horizon
) -> tuple[Problem, dict[str, list[Appointment]], int]:
    """The clinic's question in days and slot counts, the booked sessions that stay, and
    the session length the slots are packed for."""
    calendar = board.calendar
    clinic = calendar.clinics[clinic_id]
    staff = sorted(p.id for p in calendar.practitioners.values() if p.clinic_id == clinic_id)
    minutes = max(s.minutes for s in sessions)
    slots = {
        (p, d): starts
        for p in staff
        for d in days(horizon.first, horizon.last)
        if (starts := board.pattern(clinic, calendar.practitioners[p], d, minutes))
    }
    open_days = {d for _, d in slots}
    moving = {s.key() for s in sessions}
    fixed: dict[str, list[Appointment]] = defaultdict(list)
    for a in calendar.booked:
        if a.key() not in moving:
            fixed[a.course_id].append(a)
    allowed = {}
    for s in sessions:
        around = fixed.get(s.course_id, ())
        after = max((a.start.date() for a in around if a.number < s.number), default=None)
        before = min((a.start.date() for a in around if a.number > s.number), default=None)
        allowed[s.key()] = [d for d in candidate_days(s, horizon, after, before) if d in open_days]
    footprint = minutes + clinic.buffer_minutes
    limits = room_limits(board, clinic_id, slots, footprint)
    return Problem(sessions, allowed, slots, limits, footprint), fixed, minutes


class _Relay:
    """Passes a clinic's progress on as the whole batch's: time since the batch began and
    sessions placed in the clinics already done included."""

    def __init__(self, progress: Callable[[ProgressEvent], None] | None) -> None:
        self.progress, self.started = progress, time.monotonic()
        self.placed = 0
        self.objective = self.bound = 0.0

    def __call__(self, event: ProgressEvent) -> None:
        if self.progress:
            self.progress(
                ProgressEvent(
                    time.monotonic() - self.started,
                    self.objective + event.objective,
                    self.bound + event.bound,
                    self.placed + event.placed,
                )
            )


def optimise(
    calendar: Calendar,
    requests: Sequence[CourseRequest],
    horizon: Horizon,
    *,
    time_limit: float = 60.0,
    work: float | None = None,
    workers: int = 1,
    movable: Collection[str] = (),
    rules: Mapping[str, GapRules] | None = None,
    last_held: Mapping[str, date] | None = None,
    progress: Callable[[ProgressEvent], None] | None = None,
    weights: Weights = WEIGHTS,
) -> Optimised:
    """Place `requests`, and move the booked sessions of the `movable` courses (their gap
    rules in `rules`, the day of their latest session held in `last_held`) where that
    helps. The search spends `work` (`lns.improve`) on `workers` threads, and stops at
    `time_limit` seconds whatever is left: the same input gives the same proposal unless
    the time limit cut it short, which its status then says."""
    leave_out = {a.key() for a in calendar.booked if a.course_id in movable}
    baseline = greedy(calendar, requests, horizon)
    sessions = [s for r in requests for s in sessions_of(r)]
    sessions += _movable_sessions(calendar, movable, rules or {}, horizon, last_held or {})
    kept = [a for a in calendar.booked if a.key() in leave_out]
    clinics: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        clinics[s.clinic_id].append(s)
    relay = _Relay(progress)
    placed: list[Appointment] = []
    unplaced: list[Unplaced] = []
    statuses, kept_greedy = [], []
    for clinic_id, mine in sorted(clinics.items()):
        keys = {s.key() for s in mine}
        start_from = [a for a in (*baseline.placed, *kept) if a.key() in keys]
        board = Board.of(calendar, leave_out=leave_out)
        problem, fixed, minutes = _problem(board, clinic_id, mine, horizon)
        ceiling = _ceiling(problem, weights)
        state = improve(
            problem,
            initial_state(problem, {a.key(): a.start.date() for a in start_from}),
            weights,
            time_limit=time_limit * len(mine) / len(sessions),
            work=None if work is None else work * len(mine) / len(sessions),
            workers=workers,
            progress=relay,
            bound=ceiling,
        )
        searches = len(state.statuses)
        statuses.append(
            f"{clinic_id}: {searches} search{'' if searches == 1 else 'es'}, {ENDINGS[state.ended]}"
        )
        relay.objective += state.value
        relay.bound += ceiling
        open_slots = {
            pd: len(state.picks.get(pd, [])) if pd[1] in problem.room_limits else len(starts)
            for pd, starts in problem.slots.items()
        }
        prior = {c: max(a, key=lambda b: b.number).practitioner_id for c, a in fixed.items()}
        where = assign_practitioners(mine, state.chosen, open_slots, weights, prior)
        done, failed = pack(board, {s.key(): s for s in mine}, where, state.picks, minutes)
        waiting = [*failed, *(s for s in mine if s.key() not in state.chosen)]
        added, missed = fill(board, horizon, waiting, done, fixed)
        mine_value = value(mine, [*done, *added], weights)
        floor = value(mine, start_from, weights)
        # A booked session is moved, never unbooked: left without a place, it would stay
        # where it is booked, under whatever took its time.
        booked = {s.key() for s in mine if s.keep is not None}
        lost = [u for u in missed if (u.course_id, u.number) in booked]
        better = weights.total(*mine_value) >= weights.total(*floor)
        if not lost and mine_value[0] >= floor[0] and better:
            placed += [*done, *added]
            unplaced += missed
        else:
            kept_greedy.append(clinic_id)
            placed += start_from
            unplaced += [u for u in baseline.unplaced if (u.course_id, u.number) in keys]
        relay.placed = len(placed)
    return Optimised(
        Schedule(tuple(placed), tuple(unplaced)),
        baseline,
        "; ".join(statuses),
        relay.objective,
        relay.bound,
        tuple(kept_greedy),
    )
