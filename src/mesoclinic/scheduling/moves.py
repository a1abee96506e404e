"""Moving booked sessions on a scratch calendar: the steps both kinds of repair share.

A session moves to the free slot nearest to where it was: the same practitioner and time
where possible, then the same practitioner at the nearest time, then a colleague. When a
session moves later, the course's minimum gap may push the sessions after it; each of
those moves only as far as the gap requires (`cascade`).
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from mesoclinic.scheduling.model import Appointment, GapRules
from mesoclinic.scheduling.slots import SlotIndex, at, minute_of


@dataclass(frozen=True, slots=True)
class Move:
    before: Appointment
    after: Appointment
    # True for a session the change itself hits; False for one moved only to keep the gap.
    direct: bool = True


def session_window(a: Appointment, rules: GapRules, not_before: date) -> list[date]:
    """The dates the session may take: its window around the ideal date, from `not_before`."""
    ideal = a.ideal or a.start.date()
    first = max(ideal - timedelta(days=rules.tolerance_days), not_before)
    last = ideal + timedelta(days=rules.tolerance_days)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def gap(rules: GapRules) -> timedelta:
    return timedelta(days=max(rules.min_gap_days, 1))


def after_gap(days: list[date], rules: GapRules, *before: date | None) -> list[date]:
    """The `days` at least the minimum gap after every date in `before` (the course's
    session before, its last session held); None stands for no such session."""
    known = [d for d in before if d is not None]
    return [d for d in days if d >= max(known) + gap(rules)] if known else days


def choices(
    index: SlotIndex,
    a: Appointment,
    day: date,
    *,
    exclude: Iterable[str] = (),
    preferred: str | None = None,
    same_time: bool = False,
) -> Iterator[Appointment]:
    """`a` placed on `day` in every free way: with the `preferred` practitioner first, then
    its present one, nearest its present time (worked out lazily: callers usually want the
    first few)."""
    minutes = int((a.end - a.start).total_seconds() // 60)
    start = minute_of(a.start)
    busy = index.patient_busy(a.patient_id, day)
    barred = set(exclude)
    ranked = []
    for who, times in index.starts(day, minutes).items():
        if who in barred:
            continue
        for when in times:
            if same_time and when != start:
                continue
            if any(when < e and s < when + minutes for s, e in busy):
                continue
            # The practitioner the patient asked for, then the one she had.
            rank = (who != preferred, who != a.practitioner_id, abs(when - start), when, who)
            ranked.append((rank, who, when))
    ranked.sort()
    for _, who, when in ranked:
        rooms = index.rooms_free(day, when, minutes)
        room = a.room_id if a.room_id in rooms else rooms[0]
        begin = at(day, when)
        yield replace(
            a, practitioner_id=who, room_id=room, start=begin, end=begin + (a.end - a.start)
        )


def first_free(index: SlotIndex, a: Appointment, days: Sequence[date]) -> Appointment | None:
    """`a` on the earliest of `days` with a free slot, nearest its practitioner and time."""
    for day in days:
        found = next(choices(index, a, day), None)
        if found is not None:
            return found
    return None


def cascade(
    index: SlotIndex,
    later: Sequence[Appointment],
    after: date,
    rules: GapRules,
    not_before: date,
) -> list[Move] | None:
    """Move the sessions in `later` (in number order) just far enough to keep the gap after a
    session now on `after`, booking each move on `index`; None when one of them cannot move
    (the index is then as it was)."""
    moves: list[Move] = []
    cursor = after
    for a in later:
        earliest = cursor + gap(rules)
        if a.start.date() >= earliest:
            break
        index.release(a)
        days = [d for d in session_window(a, rules, not_before) if d >= earliest]
        moved = first_free(index, a, days)
        if moved is None:
            index.book(a)
            undo(index, moves)
            return None
        index.book(moved)
        moves.append(Move(a, moved, direct=False))
        cursor = moved.start.date()
    return moves


def undo(index: SlotIndex, moves: Sequence[Move]) -> None:
    for move in reversed(moves):
        index.release(move.after)
        index.book(move.before)
