"""A clinic's time zone as a VTIMEZONE that calendar programs read the same way.

Written the way widely used generators write it: one STANDARD or DAYLIGHT component per
kind of clock change, with a yearly RRULE ("last Sunday of March") where the zone's
changes follow one, else one RDATE per line. Several values in one RDATE are valid
RFC 5545, but ical.js (Thunderbird, many web calendars) reads only the first of them, so
every later change was lost. Each onset is the local time as seen from the offset before
it (TZOFFSETFROM): 01:00 for London's spring change, 02:00 for its autumn one.

The changes come from the zone data itself (zoneinfo), found by probing offsets once a
day and narrowing to the second, so every zone a clinic may choose is covered.
"""

from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ZERO = timedelta(0)


@dataclass(frozen=True)
class Clock:
    """What a zone's clock reads like at some instant."""

    offset: timedelta
    daylight: bool
    name: str


@dataclass(frozen=True)
class Change:
    at: datetime  # UTC
    before: Clock
    after: Clock

    @property
    def onset(self) -> datetime:
        """The local time of the change on the clock it changes from (naive)."""
        return (self.at + self.before.offset).replace(tzinfo=None)

    @property
    def kind(self) -> tuple[bool, timedelta, timedelta, str]:
        return (self.after.daylight, self.before.offset, self.after.offset, self.after.name)


# A yearly rule: month, weekday (0 = Monday), which one in the month (-1 = last), and
# the local time of day.
Rule = tuple[int, int, int, timedelta]


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """The zone's VTIMEZONE, correct for every instant from `first` up to `last`."""
    zone = ZoneInfo(tzid)
    start = datetime(first.year, first.month, first.day, tzinfo=zone).astimezone(UTC)
    end = datetime(last.year, last.month, last.day, tzinfo=zone).astimezone(UTC)
    changes = _changes(tzid, start, end)
    component = Timezone()
    component.add("tzid", tzid)
    # The clock at the start, so a zone without changes (Asia/Tokyo) still has its offset.
    initial = _clock(zone, start)
    component.add_component(
        _part(initial, initial.offset, (start + initial.offset).replace(tzinfo=None))
    )
    by_kind: dict[tuple[bool, timedelta, timedelta, str], list[Change]] = defaultdict(list)
    for change in changes:
        by_kind[change.kind].append(change)
    for same in by_kind.values():
        for part in _parts(same, end):
            component.add_component(part)
    return component


def _clock(zone: ZoneInfo, at: datetime) -> Clock:
    local = at.astimezone(zone)
    # Irish winter time is a negative daylight saving in the zone data; calendar programs
    # expect summer time as DAYLIGHT, so only a clock put forward counts as daylight.
    return Clock(local.utcoffset() or ZERO, (local.dst() or ZERO) > ZERO, local.tzname() or "")


@cache  # a feed is fetched often, and the zone data does not change while running
def _changes(tzid: str, start: datetime, end: datetime) -> tuple[Change, ...]:
    return tuple(_probe(ZoneInfo(tzid), start, end))


def _probe(zone: ZoneInfo, start: datetime, end: datetime) -> Iterator[Change]:
    # Zones change their clocks months apart; a daily probe finds each change.
    step = timedelta(days=1)
    at, clock = start, _clock(zone, start)
    while at < end:
        probe = min(at + step, end)
        seen = _clock(zone, probe)
        if seen != clock:
            low, high = at, probe
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _clock(zone, middle) == clock:
                    low = middle
                else:
                    high = middle
            yield Change(high.replace(microsecond=0), clock, seen)
        at, clock = probe, seen


def _rules(change: Change) -> set[Rule]:
    onset = change.onset
    day = onset.date()
    time_of_day = timedelta(hours=onset.hour, minutes=onset.minute, seconds=onset.second)
    which = {(day.day - 1) // 7 + 1}
    if day.day + 7 > monthrange(day.year, day.month)[1]:
        which.add(-1)
    return {(day.month, day.weekday(), n, time_of_day) for n in which}


def _parts(changes: list[Change], end: datetime) -> Iterator[TimezoneStandard | TimezoneDaylight]:
    """One component per run of yearly changes that follow one rule; the rest by RDATE."""
    loose: list[Change] = []
    for run, rules in _runs(changes):
        if len(run) > 1:
            # "Last Sunday" rather than "fourth Sunday" when a short run fits both.
            yield _ruled(run, min(rules, key=lambda rule: rule[2]), end)
        else:
            loose.extend(run)
    if loose:
        first = loose[0]
        part = _part(first.after, first.before.offset, first.onset)
        for change in loose[1:]:
            part.add("rdate", change.onset)
        yield part


def _runs(changes: list[Change]) -> list[tuple[list[Change], set[Rule]]]:
    """Changes grouped into runs in consecutive years with a rule they all follow."""
    runs: list[tuple[list[Change], set[Rule]]] = []
    for change in changes:
        if runs:
            run, rules = runs[-1]
            common = rules & _rules(change)
            if common and change.onset.year == run[-1].onset.year + 1:
                run.append(change)
                runs[-1] = (run, common)
                continue
        runs.append(([change], _rules(change)))
    return runs


def _ruled(run: list[Change], rule: Rule, end: datetime) -> TimezoneStandard | TimezoneDaylight:
    first, last = run[0], run[-1]
    month, weekday, which, _time = rule
    recur = vRecur(freq="YEARLY", bymonth=month, byday=f"{which}{WEEKDAYS[weekday]}")
    if _on_rule(last.onset.year + 1, rule) - last.before.offset < end:
        # The zone stopped following the rule before the end. UNTIL a day after the last
        # change: readers that compare it with the local onset still include that change.
        recur["until"] = last.at + timedelta(days=1)
    part = _part(first.after, first.before.offset, first.onset)
    part.add("rrule", recur)
    return part


def _on_rule(year: int, rule: Rule) -> datetime:
    """The rule's local onset in that year, as a UTC-tagged wall time."""
    month, weekday, which, time_of_day = rule
    days = monthrange(year, month)[1]
    matching = [d for d in range(1, days + 1) if date(year, month, d).weekday() == weekday]
    day = matching[which - 1 if which > 0 else -1]
    return datetime(year, month, day, tzinfo=UTC) + time_of_day


def _part(
    clock: Clock, offset_from: timedelta, onset: datetime
) -> TimezoneStandard | TimezoneDaylight:
    part = TimezoneDaylight() if clock.daylight else TimezoneStandard()
    part.add("dtstart", onset)
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", clock.offset)
    if clock.name:
        part.add("tzname", clock.name)
    return part
