"""The search inside `find_plans`: the best plan for each anchor, by dynamic programming.

An anchor is a main practitioner and start time for a plan. With the anchor fixed, each
part of `PlanScore.cost` is a sum over sessions (days from the ideal date, not with the
preferred practitioner, not with the anchor's practitioner, not at the anchor's time,
missed wishes), so the cheapest plan is found session by session over the sessions'
free dates, the minimum gap being the only link between one session and the next.
"""

import bisect
from collections import Counter
from datetime import date, timedelta

from mesoclinic.scheduling.model import NOON, CourseRequest, PartOfDay, Preferences
from mesoclinic.scheduling.plan_score import PlanScore

NOON_MINUTE = NOON.hour * 60

# Practitioner id -> free starts (minutes) on one date, as a sorted list and as a set.
Options = dict[str, tuple[list[int], frozenset[int]]]
# A free date of a session: the date, the part of the cost it sets, who is free when.
Day = tuple[date, int, Options]
# (date, practitioner, start) for each session of a plan.
Choice = list[tuple[date, str, int]]
# The same, built backwards during the search: the last step and the chain before it.
Chain = tuple[tuple[date, str, int], "Chain"] | None
# Who and when for a session away from its anchor, and the cost, by (date, anchor, time).
Memo = dict[tuple[date, str | None, int], tuple[str, int, int]]


def course_gap(request: CourseRequest) -> int:
    """Days between two sessions at the least: never two on one day."""
    return max(request.rules.min_gap_days, 1)


def plan_cost(request: CourseRequest, choice: Choice) -> int:
    """`PlanScore.cost` of the plan, without building it."""
    n = len(choice)
    practitioners = Counter(p for _, p, _ in choice)
    preferred = request.preferences.practitioner_id
    weekdays = request.preferences.weekdays
    return PlanScore.encode(
        n,
        sum(
            abs((d - request.ideal_date(k)).days)
            for k, (d, _, _) in zip(request.numbers(), choice, strict=True)
        ),
        n - practitioners[preferred] if preferred is not None else 0,
        n - max(practitioners.values()),
        n - max(Counter(t for _, _, t in choice).values()),
        sum(
            int(bool(weekdays) and d.weekday() not in weekdays) + time_miss(request, t)
            for d, _, t in choice
        ),
    )


def anchors(
    request: CourseRequest, options: list[dict[date, Options]], *, near_each: int
) -> list[tuple[int, str, int]]:
    """(lower bound on the cost, practitioner, start time), the most promising first: each
    practitioner's start times a session's length from those before them, those free most
    often first, then of those equally promising, up to `near_each` of her other starts.
    A start near another gives a plan that is seldom a choice of its own (see
    `availability._distinct`), so only a few are tried, for when the others are not enough:
    trying all of them slows the search many times over for no better plans."""
    sessions = len(options)
    days = session_days(request, options)
    timed: dict[tuple[str, int], int] = {}
    for dates in options:
        for pt in {(p, t) for free in dates.values() for p, (ts, _) in free.items() for t in ts}:
            timed[pt] = timed.get(pt, 0) + 1
    per_practitioner: dict[str, list[tuple[int, int]]] = {}
    for (p, t), count in timed.items():
        per_practitioner.setdefault(p, []).append((count, t))
    ranked = []
    for p, counts in per_practitioner.items():
        least = _least(request, days, p)
        counts.sort(key=lambda ct: (-ct[0], time_miss(request, ct[1]), ct[1]))
        apart, near = _spread(counts, request.minutes)
        for is_near, group in ((False, apart), (True, near[:near_each])):
            for count, t in group:
                # A session at the anchor's time needs a date she is free at it.
                bound = least + PlanScore.encode(sessions, 0, 0, 0, sessions - count, 0)
                ranked.append((bound, is_near, p, t))
    preferred = request.preferences.practitioner_id
    ranked.sort(key=lambda a: (a[0], a[1], a[2] != preferred, a[2], a[3]))
    return [(bound, p, t) for bound, _, p, t in ranked]


def _spread(
    counts: list[tuple[int, int]], minutes: int
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The (count, start) pairs in their order, split into those a session's length from
    every one taken before them and the others: plans at 09:00 and 09:15 with one
    practitioner are no choice for the patient."""
    apart: list[tuple[int, int]] = []
    near: list[tuple[int, int]] = []
    for count, t in counts:
        (near if any(abs(t - u) < minutes for _, u in apart) else apart).append((count, t))
    return apart, near


def _least(request: CourseRequest, days: list[list[Day]], practitioner: str) -> int:
    """The least cost of the dates alone (days from the ideal dates, days off the wished
    weekdays) and of the sessions on dates `practitioner` is not free, over every choice of
    dates the gap allows: no plan of hers as its main practitioner costs less. Far tighter
    than counting each part alone when she works away from the ideal dates or the windows
    force a session off the wished weekday, so that the search stops sooner."""
    not_hers = PlanScore.encode(request.sessions, 0, 0, 1, 0, 0)
    gap = course_gap(request)
    best: dict[date, int] = {}
    for number, session in enumerate(days):
        step = {}
        for day, base, free in session:
            before = [c for d, c in best.items() if (day - d).days >= gap]
            if before or not number:
                cost = base + (0 if practitioner in free else not_hers)
                step[day] = cost + min(before, default=0)
        best = step
    return min(best.values(), default=0)


def time_miss(request: CourseRequest, start: int, wish: Preferences | None = None) -> int:
    wanted = (wish or request.preferences).part_of_day
    if wanted is None:
        return 0
    return int((start < NOON_MINUTE) != (wanted == PartOfDay.MORNING))


def session_days(request: CourseRequest, options: list[dict[date, Options]]) -> list[list[Day]]:
    """Per session, its free dates in order with the part of the cost the date alone sets."""
    weekdays = request.preferences.weekdays
    per_day = PlanScore.encode(request.sessions, 1, 0, 0, 0, 0)
    return [
        [
            (
                day,
                abs((day - request.ideal_date(number)).days) * per_day
                + int(bool(weekdays) and day.weekday() not in weekdays),
                dates[day],
            )
            for day in sorted(dates)
        ]
        for number, dates in zip(request.numbers(), options, strict=True)
    ]


def anchored_plan(
    request: CourseRequest,
    days: list[list[Day]],
    practitioner: str,
    start: int,
    memo: Memo,
    *,
    pinned: bool = False,
) -> Choice | None:
    """The cheapest plan for this anchor, by dynamic programming over the sessions' dates.

    Days from the ideal dates count first, so when the anchor's practitioner works only
    away from them the cheapest plan is a colleague's, one another anchor finds too.
    `pinned` keeps each session to the days she is free, where she has any: her own plan,
    a real alternative for the patient at the cost of some days."""
    gap = timedelta(days=course_gap(request))
    # A session with the anchor's practitioner at the anchor's time costs this beyond its date.
    at_anchor = _miss(request, practitioner, start, practitioner, start)
    # Per session: the dates in order, the best cost of a plan ending there, and its
    # choices as a chain back to the first session.
    previous: list[tuple[date, int, Chain]] = []
    if pinned:
        days = [[d for d in session if practitioner in d[2]] or session for session in days]
    for number, session in enumerate(days):
        # The best of the previous session's states up to each date, as a running minimum.
        prefix: list[tuple[int, Chain]] = []
        for _, cost, chain in previous:
            prefix.append((cost, chain) if not prefix or cost < prefix[-1][0] else prefix[-1])
        previous_dates = [d for d, _, _ in previous]
        current: list[tuple[date, int, Chain]] = []
        for day, base, free in session:
            cost, chain = 0, None
            if number:
                reachable = bisect.bisect_right(previous_dates, day - gap)
                if not reachable:
                    continue
                cost, chain = prefix[reachable - 1]
            mine = free.get(practitioner)
            if mine is not None and start in mine[1]:
                who, when, extra = practitioner, start, at_anchor
            else:
                # Away from the anchor, the choice depends on the anchor's practitioner only
                # when she is free that day, so anchors at one time share it otherwise.
                key = (day, practitioner if mine is not None else None, start)
                fallback = memo.get(key)
                if fallback is None:
                    fallback = memo[key] = _fallback(request, free, practitioner, start)
                who, when, extra = fallback
            current.append((day, cost + base + extra, ((day, who, when), chain)))
        if not current:
            return None
        previous = current
    chain = min(previous, key=lambda state: state[1])[2]
    choice: Choice = []
    while chain is not None:
        step, chain = chain
        choice.append(step)
    return choice[::-1]


def _fallback(
    request: CourseRequest, free: Options, practitioner: str, start: int
) -> tuple[str, int, int]:
    """Who and when, and the cost beyond the date, when the anchor itself is not free."""
    preferred = request.preferences.practitioner_id
    if practitioner in free:
        who = practitioner
    else:
        who = min(free, key=lambda p: (p != preferred, start not in free[p][1], p))
    times, time_set = free[who]
    when = start
    if start not in time_set:
        when = min(times, key=lambda t: (time_miss(request, t), abs(t - start), t))
    return who, when, _miss(request, practitioner, start, who, when)


def _miss(request: CourseRequest, practitioner: str, start: int, who: str, when: int) -> int:
    """The cost of a session with `who` at `when` beyond its date, for this anchor."""
    preferred = request.preferences.practitioner_id
    return PlanScore.encode(
        request.sessions,
        0,
        int(preferred is not None and who != preferred),
        int(who != practitioner),
        int(when != start),
        time_miss(request, when),
    )
