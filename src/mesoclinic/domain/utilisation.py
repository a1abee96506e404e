"""How much of the open time was booked: minutes of wall-clock spans over a range of days.

A room is open when the clinic is (its opening hours, less closures and the room's own
closed days); a practitioner is available during her shifts inside the opening hours, less
her days off. Pure: the caller passes the week, the spans and the days.
"""

from collections.abc import Iterable, Mapping
from datetime import date, time, timedelta

Spans = tuple[tuple[time, time], ...]


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def span_minutes(spans: Iterable[tuple[time, time]]) -> int:
    return sum(max(0, _minutes(end) - _minutes(start)) for start, end in spans)


def intersect(first: Spans, second: Spans) -> Spans:
    """The parts of `first` that lie inside `second` (each sorted, not overlapping)."""
    shared: list[tuple[time, time]] = []
    for start_a, end_a in first:
        for start_b, end_b in second:
            start, end = max(start_a, start_b), min(end_a, end_b)
            if start < end:
                shared.append((start, end))
    return tuple(sorted(shared))


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday around `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def open_minutes(
    weekly: Mapping[int, Spans], first_day: date, last_day: date, shut: frozenset[date]
) -> int:
    """Minutes of the weekly spans over the days from `first_day` to `last_day`, skipping
    the days in `shut`."""
    total, day = 0, first_day
    while day <= last_day:
        if day not in shut:
            total += span_minutes(weekly.get(day.weekday(), ()))
        day += timedelta(days=1)
    return total


def percent(part: int, whole: int) -> float | None:
    """A share of open time, to one decimal; None when nothing was open."""
    return round(100 * part / whole, 1) if whole else None
