"""Minutes on a wall-clock day: the arithmetic the slot index is built from.

An interval is (start, end) in minutes after midnight, end excluded; lists of them are
kept sorted and disjoint.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from mesoclinic.scheduling.model import Appointment, Span

Interval = tuple[int, int]  # minutes after midnight, end excluded
DAY = 24 * 60


def at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(minutes=minute)


def minute_of(moment: datetime) -> int:
    return clock(moment.time())


def days_of(start: datetime, end: datetime) -> list[date]:
    last = (end - timedelta(microseconds=1)).date() if end > start else start.date()
    return [start.date() + timedelta(days=n) for n in range((last - start.date()).days + 1)]


def clip(span: Span, day: date) -> Interval | None:
    """The part of `span` on `day`, in minutes; None when they do not meet."""
    start, end = max(span.start, at(day, 0)), min(span.end, at(day, DAY))
    if start >= end:
        return None
    return (
        int((start - at(day, 0)).total_seconds() // 60),
        -int(-(end - at(day, 0)).total_seconds() // 60),
    )


def on_day(a: Appointment, day: date) -> Interval | None:
    """The appointment's minutes on `day`; the common case without datetime arithmetic."""
    start, end = a.start, a.end
    if start.date() == day == end.date() and not (end.second or end.microsecond):
        return (start.hour * 60 + start.minute, end.hour * 60 + end.minute)
    return clip(a.span, day)


def by_day(spans: Iterable[Span]) -> dict[date, list[Interval]]:
    found: dict[date, list[Interval]] = defaultdict(list)
    for span in spans:
        for day in days_of(span.start, span.end):
            if (minutes := clip(span, day)) is not None:
                found[day].append(minutes)
    return dict(found)


def within(grid: list[int], low: int, high: int) -> list[int]:
    """The grid starts from `low` to `high`, both included."""
    return grid[bisect_left(grid, low) : bisect_right(grid, high)]


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    return sorted(
        (max(s1, s2), min(e1, e2)) for s1, e1 in a for s2, e2 in b if max(s1, s2) < min(e1, e2)
    )


def subtract(free: list[Interval], taken: Iterable[Interval]) -> list[Interval]:
    """`free` (sorted, disjoint) with every `taken` interval cut out of it."""
    blocks = sorted(taken)
    if not blocks:
        return free
    result: list[Interval] = []
    for fs, fe in free:
        cursor = fs
        for ts, te in blocks:
            if ts >= fe:
                break
            if te <= cursor:
                continue
            if ts > cursor:
                result.append((cursor, ts))
            cursor = te
            if cursor >= fe:
                break
        if cursor < fe:
            result.append((cursor, fe))
    return result


def fits(free: list[Interval], starts: list[int], start: int, end: int) -> bool:
    """`start..end` lies inside one of `free` (`starts` holds each interval's start)."""
    at_or_before = bisect_right(starts, start) - 1
    return at_or_before >= 0 and free[at_or_before][1] >= end


def clock(moment: time) -> int:
    return moment.hour * 60 + moment.minute
