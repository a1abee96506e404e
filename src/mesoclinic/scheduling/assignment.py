"""Stage one of the optimiser: a day for each session, in CP-SAT.

Any practitioner of a clinic can see any of its patients, so whether a day's sessions fit
depends only on how many there are: a day holds as many as its practitioners' packed
slots (sessions are all the same length, so packing earliest first is exact). Where the
rooms could run short the model also picks which practitioners' slots are used, so that
no more sessions run at once than there are rooms free. Who sees whom is decided after,
day by day (`practitioners`), and the times after that (`packing`).

The gap rules are clique constraints on days: "session i on day t or later" and
"session j before t + gap" exclude each other.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from mesoclinic.scheduling.schedule import Key, Session, Weights

PracticeDay = tuple[str, date]  # (practitioner id, day)


@dataclass
class Problem:
    """One clinic's placement question, reduced to days and slot counts."""

    sessions: Sequence[Session]
    days: Mapping[Key, Sequence[date]]  # allowed: window, horizon, fixed neighbours
    slots: Mapping[PracticeDay, list[int]]  # packed free starts per practitioner-day
    room_limits: Mapping[date, list[tuple[int, int]]]  # (minute, rooms free) where short
    footprint: int  # a session and its buffer, in minutes
    hint: Mapping[Key, date] = field(default_factory=dict)
    hint_picks: Mapping[PracticeDay, Sequence[int]] = field(default_factory=dict)
    # Sessions outside this problem already on a day.
    fixed_load: Mapping[date, int] = field(default_factory=dict)


# The solver's random seed: fixed, so that the same question gets the same answer.
SEED = 7


@dataclass
class Assignment:
    chosen: dict[Key, date]
    picks: dict[PracticeDay, list[int]]  # slots used, on the days the rooms were modelled
    status: str
    objective: float  # wishes met; sessions placed are `len(chosen)`
    bound: float  # on the wishes, with as many sessions placed
    work: float = 0.0  # the solver's deterministic time spent
    clock_cut: bool = False  # stopped by the wall clock before its work was done


def day_value(session: Session, day: date, weights: Weights) -> int:
    """What placing the session on `day` is worth, before its practitioner is known."""
    off = abs((day - session.ideal).days)
    value = weights.on_ideal * (off == 0) - weights.per_day_off_ideal * off
    value += weights.preferred_weekday * (day.weekday() in session.preferences.weekdays)
    if session.keep is not None:
        value += weights.still_booked + weights.unchanged * (day == session.keep.start.date())
    return value


def objective_of(problem: Problem, chosen: Mapping[Key, date], weights: Weights) -> tuple[int, int]:
    """(sessions placed, wishes met) of an assignment of (some of) the problem's sessions."""
    placed = total = 0
    for s in problem.sessions:
        day = chosen.get(s.key())
        if day is not None:
            placed += 1
            total += day_value(s, day, weights)
    return placed, total


def _hinted(problem: Problem) -> int:
    """Sessions the starting assignment gives a day."""
    return sum(problem.hint.get(s.key()) in problem.days[s.key()] for s in problem.sessions)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each better solution as (sessions placed, wishes met)."""

    def __init__(
        self, report: Callable[[int, int], None], placed: list[cp_model.IntVar], weight: int
    ) -> None:
        super().__init__()
        self.report, self.placed, self.placed_weight = report, placed, weight

    def on_solution_callback(self) -> None:
        placed = sum(self.boolean_value(v) for v in self.placed)
        self.report(placed, round(self.objective_value) - self.placed_weight * placed)


def _gap_cliques(
    model: cp_model.CpModel,
    first: Sequence[tuple[date, cp_model.IntVar]],
    second: Sequence[tuple[date, cp_model.IntVar]],
    gap: int,
) -> None:
    for t, _ in first:
        late = [v for d, v in first if d >= t]
        early = [v for d, v in second if (d - t).days < gap]
        if early:
            model.add_at_most_one([*late, *early])


class _Model:
    """The CP-SAT model of one problem, and the variables needed to read its answer."""

    def __init__(self, problem: Problem, weights: Weights) -> None:
        self.problem, self.weights = problem, weights
        self.model = cp_model.CpModel()
        self.on_day: dict[Key, list[tuple[date, cp_model.IntVar]]] = {}
        self.placed: dict[Key, cp_model.IntVar] = {}
        self.load: dict[date, list[cp_model.IntVar]] = defaultdict(list)
        self.picks: dict[PracticeDay, list[tuple[int, cp_model.IntVar]]] = {}
        self.placed_weight = weights.placed
        objective: list[tuple[cp_model.IntVar, int]] = []
        for s in problem.sessions:
            key = s.key()
            self.placed[key] = placed = self.model.new_bool_var(f"placed{key}")
            self.on_day[key] = []
            for day in problem.days[key]:
                self.on_day[key].append((day, v := self.model.new_bool_var(f"y{key}{day}")))
                self.load[day].append(v)
                objective.append((v, day_value(s, day, weights)))
            self.model.add(sum(v for _, v in self.on_day[key]) == placed)
            objective.append((placed, self.placed_weight))
        # Never fewer sessions placed than the starting assignment, whatever wishes it wins.
        self.model.add(sum(self.placed.values()) >= _hinted(problem))
        self._gaps()
        self._capacity()
        self.model.maximize(sum(c * v for v, c in objective))
        self._hint()

    def _gaps(self) -> None:
        courses: dict[str, list[Session]] = defaultdict(list)
        for s in self.problem.sessions:
            courses[s.course_id].append(s)
        for mine in courses.values():
            mine.sort(key=lambda s: s.number)
            for i, a in enumerate(mine):
                for b in mine[i + 1 :]:
                    first, second = self.on_day[a.key()], self.on_day[b.key()]
                    if first and second:
                        _gap_cliques(self.model, first, second, a.rules.min_gap_days)

    def _capacity(self) -> None:
        model, problem = self.model, self.problem
        per_day: dict[date, list[PracticeDay]] = defaultdict(list)
        capacity: dict[date, int] = defaultdict(int)
        for pd, starts in problem.slots.items():
            per_day[pd[1]].append(pd)
            capacity[pd[1]] += len(starts)
        for day, vs in self.load.items():
            fixed = problem.fixed_load.get(day, 0)
            limits = problem.room_limits.get(day)
            if not limits:
                model.add(sum(vs) + fixed <= capacity[day])
                continue
            running: dict[int, list[cp_model.IntVar]] = defaultdict(list)
            for p, d in per_day[day]:
                options = [(a, model.new_bool_var(f"z{p}{d}{a}")) for a in problem.slots[p, d]]
                self.picks[p, d] = options
                for a, v in options:
                    for minute, _ in limits:
                        if a <= minute < a + problem.footprint:
                            running[minute].append(v)
            for minute, rooms in limits:
                model.add(sum(running[minute]) <= rooms)
            used = [v for pd in per_day[day] for _, v in self.picks[pd]]
            model.add(sum(used) == sum(vs) + fixed)

    def _hint(self) -> None:
        """The starting assignment, every variable set, so the search begins from it."""
        hint, model = self.problem.hint, self.model
        for key, options in self.on_day.items():
            where = hint.get(key)
            placed = any(d == where for d, _ in options)
            model.add_hint(self.placed[key], placed)
            for d, v in options:
                model.add_hint(v, d == where)
        for pd, slots in self.picks.items():
            picked = self.problem.hint_picks.get(pd, ())
            for a, v in slots:
                model.add_hint(v, a in picked)

    def read(
        self, solver: cp_model.CpSolver, status: cp_model.CpSolverStatus, work: float
    ) -> Assignment:
        name = solver.status_name(status)
        spent = solver.deterministic_time
        # Only a limit stops a search short of OPTIMAL; if not the work, then the clock.
        clock_cut = status in (cp_model.FEASIBLE, cp_model.UNKNOWN) and spent < work
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Assignment({}, {}, name, 0.0, 0.0, spent, clock_cut)
        chosen = {
            key: d for key, options in self.on_day.items() for d, v in options if solver.value(v)
        }
        picks = {pd: [a for a, v in o if solver.value(v)] for pd, o in self.picks.items()}
        wishes = solver.objective_value - self.placed_weight * len(chosen)
        bound = solver.best_objective_bound - self.placed_weight * len(chosen)
        return Assignment(chosen, picks, name, wishes, bound, spent, clock_cut)


def solve(
    problem: Problem,
    weights: Weights,
    *,
    work: float,
    time_limit: float,
    workers: int,
    on_solution: Callable[[int, int], None] | None = None,
) -> Assignment:
    """The best assignment found in `work` units of the solver's deterministic time, or
    in `time_limit` wall seconds if those run out first. Stopped by `work`, the same
    problem always gets the same answer, whatever the machine's load: one worker, or
    several interleaved deterministically, and a fixed seed. `on_solution(placed,
    wishes)` hears of each better assignment as the search goes."""
    built = _Model(problem, weights)
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = work
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.interleave_search = workers > 1
    solver.parameters.random_seed = SEED
    report = (
        _Progress(on_solution, list(built.placed.values()), built.placed_weight)
        if on_solution
        else None
    )
    return built.read(solver, solver.solve(built.model, report), work)
