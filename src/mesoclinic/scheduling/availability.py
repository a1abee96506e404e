"""Whole-course availability: the best few complete plans for a course, or why there are none.

Plans are ranked by `PlanScore.cost` (days from the ideal dates first, then the preferred
practitioner, one practitioner throughout, steady start time, the patient's wishes). With a
main practitioner and start time fixed (an "anchor"), every part of the cost is a sum over
sessions, so dynamic programming over the sessions' dates finds the anchor's best plan,
minimum gap included. A plan's own main practitioner and time are an anchor, so the best
plan of all is some anchor's best. Anchors are tried most promising first and dropped once
their lower bound cannot beat the plans already found. Distinct anchors give plans that
differ in who and when, which is what the front desk wants to offer; `_distinct` says
when two plans are different choices.

The patient's own bookings are avoided; the plan's sessions fall on different dates, so
they cannot clash with each other.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from mesoclinic.scheduling import text
from mesoclinic.scheduling.anchors import (
    Choice,
    Memo,
    Options,
    anchored_plan,
    anchors,
    course_gap,
    plan_cost,
    session_days,
)
from mesoclinic.scheduling.explain import why_no_slot
from mesoclinic.scheduling.model import Appointment, Calendar, CourseRequest, Preferences
from mesoclinic.scheduling.plan_score import PlanScore, score_plan
from mesoclinic.scheduling.slots import SlotIndex, at
from mesoclinic.scheduling.wishes import keeping_wishes, keeps, one_wish_less, wishes_missed

# A plan as the search holds it: (date, practitioner, start) per session.
Key = tuple[tuple[date, str, int], ...]


@dataclass(frozen=True, slots=True)
class Plan:
    appointments: tuple[Appointment, ...]
    score: PlanScore


@dataclass(frozen=True, slots=True)
class Unplaceable:
    number: int
    ideal: date
    message: str  # "Session 4 (ideal Wed 3 March, window ...): Dr 1 is off on ..."


@dataclass(frozen=True, slots=True)
class PlanSearch:
    plans: tuple[Plan, ...]
    unplaceable: tuple[Unplaceable, ...] = ()
    # Said when plans exist but none keeps every wish: "No plan keeps every wish ...".
    wish_unmet: str = ""


def find_plans(
    calendar: Calendar, request: CourseRequest, *, limit: int = 5, index: SlotIndex | None = None
) -> PlanSearch:
    """Up to `limit` distinct complete plans for `request`, best first: those that keep
    every wish of the patient ahead of the others. When none can, a plain word, and only
    plans keeping all the wishes but one where there are any."""
    if request.sessions <= 0 or limit <= 0:
        return PlanSearch(())
    index = index or SlotIndex(calendar, request.clinic_id)
    options = [_options(index, request, n) for n in request.numbers()]
    unplaceable = _unplaceable(index, request, options)
    if unplaceable:
        return PlanSearch((), unplaceable)

    rest = _search(request, options, limit)
    wish = request.preferences
    best: list[Key] = []
    missed = ""
    if wish != Preferences():
        # Those keeping every wish first, leaving room for the best of the others.
        found = {**rest, **_keeping(request, options, wish, limit)}
        best = _distinct(request, _kept(request, found, [wish]), max(limit - 1, 1))
        if not best:
            best, missed = _nearest(calendar, request, options, found, limit)
    if not (missed and best):  # plans keeping all wishes but one stand alone
        best = _distinct(request, rest, limit, chosen=best)
    plans = tuple(_plan(index, request, list(choice)) for choice in best)
    return PlanSearch(plans, wish_unmet=missed if plans else "")


def _nearest(
    calendar: Calendar,
    request: CourseRequest,
    options: list[dict[date, Options]],
    found: dict[Key, int],
    limit: int,
) -> tuple[list[Key], str]:
    """When no plan keeps every wish: the best plans keeping all of them but one, and no
    others, or none when no plan can (and the words saying which)."""
    wish = request.preferences
    looser = one_wish_less(wish)
    for each in looser:
        found = {**found, **_keeping(request, options, each, limit)}
    nearest = _distinct(request, _kept(request, found, looser), limit)
    return nearest, wishes_missed(calendar, wish, all_but_one=bool(nearest) if looser else None)


def _kept(
    request: CourseRequest, found: dict[Key, int], wishes: list[Preferences]
) -> dict[Key, int]:
    """The plans found that keep one of `wishes` in every session."""
    return {k: cost for k, cost in found.items() if any(keeps(request, k, w) for w in wishes)}


def _keeping(
    request: CourseRequest, options: list[dict[date, Options]], wish: Preferences, limit: int
) -> dict[Key, int]:
    """Plans whose every session keeps `wish`, with their costs."""
    narrowed = [keeping_wishes(request, dates, wish) for dates in options]
    return _search(request, narrowed, limit) if all(narrowed) else {}


def _search(
    request: CourseRequest, options: list[dict[date, Options]], limit: int
) -> dict[Key, int]:
    """Each anchor's best plan and cost, anchors tried until no other could be offered."""
    days = session_days(request, options)
    memo: Memo = {}
    found: dict[Key, int] = {}
    best: list[Key] = []  # the best distinct plans found so far
    dearest: int | None = None  # the cost of the last of `limit` distinct plans, once found
    for bound, practitioner, start in anchors(request, options, near_each=limit):
        # Plans found later cost at least `bound`: past the dearest of the best distinct
        # ones, none of them could be offered.
        if dearest is not None and bound > dearest:
            break
        added = False
        for pinned in (False, True):
            choice = anchored_plan(request, days, practitioner, start, memo, pinned=pinned)
            if choice is None:
                continue
            key = tuple(choice)
            if key not in found:
                found[key] = cost = plan_cost(request, choice)
                # A plan dearer than the last of the best distinct ones cannot displace it,
                # nor can one too near a better one of them.
                added |= (dearest is None or cost < dearest) and not _shadowed(
                    request, found, best, key
                )
            if _main(request, key) == practitioner:
                break  # the anchor's own plan already: pinning adds nothing
        if added:
            best = _distinct(request, found, limit)
            dearest = found[best[-1]] if len(best) >= limit else None
    return found


def _shadowed(request: CourseRequest, found: dict[Key, int], best: list[Key], key: Key) -> bool:
    """Whether a plan just found is too near one of the `best` distinct plans that comes
    before it: `_distinct` would pass over it and choose the same plans as before."""
    main, rank = _main(request, key), (found[key], key)
    return any(
        _main(request, other) == main
        and (found[other], other) < rank
        and not _far(request, key, _starts(other))
        for other in best
    )


def _main(request: CourseRequest, choice: Key) -> str:
    return _main_of(request.preferences.practitioner_id, choice)


@lru_cache(maxsize=4096)
def _main_of(preferred: str | None, choice: Key) -> str:
    """The plan's main practitioner, chosen as `score_plan` chooses her."""
    who = Counter(p for _, p, _ in choice)
    first = {p: -i for i, (_, p, _) in reversed(list(enumerate(choice)))}
    return max(who, key=lambda p: (who[p], p == preferred, first[p]))


def _distinct(
    request: CourseRequest, found: dict[Key, int], limit: int, *, chosen: Sequence[Key] = ()
) -> list[Key]:
    """`chosen`, then the cheapest plans found that are real choices for the patient:
    each apart from every plan taken before it, that is with another main practitioner,
    or on every day both have a session on, starting at least a session's length from it
    (10:00 and 11:00, never 10:00 and 10:15, nor 10:00 and 10:45 for an hour's session)."""
    chosen = list(chosen)[:limit]
    # The start times of the plans taken, by main practitioner: plans of another main
    # practitioner are apart already, so only hers are compared.
    taken: dict[str, list[dict[date, int]]] = {}
    for choice in chosen:
        taken.setdefault(_main(request, choice), []).append(_starts(choice))
    for choice in sorted(found, key=lambda choice: (found[choice], choice)):
        if len(chosen) >= limit:
            break
        theirs = taken.setdefault(_main(request, choice), [])
        if all(_far(request, choice, starts) for starts in theirs):
            chosen.append(choice)
            theirs.append(_starts(choice))
    return chosen


def _far(request: CourseRequest, one: Key, starts: dict[date, int]) -> bool:
    """Whether each session of `one` starts a session's length from `starts` on its day."""
    return all(
        abs(start - starts[day]) >= request.minutes for day, _, start in one if day in starts
    )


@lru_cache(maxsize=4096)
def _starts(choice: Key) -> dict[date, int]:
    """The plan's start time on each of its days, asked for over and over by `_distinct`."""
    return {day: start for day, _, start in choice}


def window(request: CourseRequest, number: int) -> list[date]:
    """The dates session `number` may take before anyone's diary is read."""
    ideal = request.ideal_date(number)
    tolerance = timedelta(days=request.rules.tolerance_days)
    first = ideal - tolerance
    if (earliest := request.earliest(number)) is not None:
        first = max(first, earliest)
    return [first + timedelta(days=n) for n in range((ideal + tolerance - first).days + 1)]


def _options(index: SlotIndex, request: CourseRequest, number: int) -> dict[date, Options]:
    by_date: dict[date, Options] = {}
    for day in window(request, number):
        busy = index.patient_busy(request.patient_id, day)
        free: Options = {}
        for practitioner, times in index.starts(day, request.minutes).items():
            kept = times
            if busy:
                length = request.minutes
                kept = [t for t in times if not any(t < e and s < t + length for s, e in busy)]
            if kept:
                free[practitioner] = (kept, frozenset(kept))
        if free:
            by_date[day] = free
    return by_date


def _unplaceable(
    index: SlotIndex, request: CourseRequest, options: list[dict[date, Options]]
) -> tuple[Unplaceable, ...]:
    numbers = list(request.numbers())
    empty = [
        (n, window(request, n)) for n, dates in zip(numbers, options, strict=True) if not dates
    ]
    if empty:
        return tuple(_no_slot(index, request, n, days) for n, days in empty)
    # Every session has a free date; check that the minimum gap can chain them.
    earliest: date | None = None
    for number, dates in zip(numbers, options, strict=True):
        reachable = [d for d in sorted(dates) if earliest is None or d >= earliest]
        if not reachable and earliest is not None:
            message = (
                f"{_heading(request, number)}: the {course_gap(request)}-day gap after the session "
                f"before it means {text.day(earliest)} or later, and its free dates are "
                f"{text.listing([text.day(d) for d in sorted(dates)])}"
            )
            return (Unplaceable(number, request.ideal_date(number), message),)
        earliest = reachable[0] + timedelta(days=course_gap(request))
    return ()


def _no_slot(
    index: SlotIndex, request: CourseRequest, number: int, days: list[date]
) -> Unplaceable:
    if not days:
        reason = "its window has no date left"
    else:
        wishes = request.preferences.practitioner_id
        reason = text.listing(
            why_no_slot(index, days, request.minutes, request.patient_id, preferred=wishes)
        )
    message = f"{_heading(request, number)}: {reason}"
    return Unplaceable(number, request.ideal_date(number), message)


def _heading(request: CourseRequest, number: int) -> str:
    ideal = request.ideal_date(number)
    days = window(request, number)
    span = f"{text.day(days[0])} to {text.day(days[-1])}" if days else "passed"
    return f"Session {number} (ideal {text.day(ideal)}, window {span})"


def _plan(index: SlotIndex, request: CourseRequest, choice: Choice) -> Plan:
    rooms = {day: index.rooms_free(day, when, request.minutes) for day, _, when in choice}
    # One room for the whole course where possible: the one free most often.
    counts: dict[str, int] = {}
    for free in rooms.values():
        for room in free:
            counts[room] = counts.get(room, 0) + 1
    appointments = []
    for (day, who, when), number in zip(choice, request.numbers(), strict=True):
        room = max(rooms[day], key=lambda r: (counts[r], -index.room_rank(r)))
        begin = at(day, when)
        appointments.append(
            Appointment(
                course_id=request.id,
                patient_id=request.patient_id,
                number=number,
                practitioner_id=who,
                room_id=room,
                start=begin,
                end=begin + timedelta(minutes=request.minutes),
                ideal=request.ideal_date(number),
            )
        )
    score = score_plan(index.calendar, appointments, request.preferences)
    return Plan(tuple(appointments), score)
