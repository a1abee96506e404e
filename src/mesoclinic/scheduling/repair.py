"""Repairs around a change: a cancelled session, a practitioner off sick (`absence`).

Both move as little as possible. A re-placed session keeps to its window; a later session
of the course moves only when the minimum gap forces it, and then only as far as the gap
requires. Nothing here writes anything: the result is a proposal (who moves from when to
when) for the front desk to confirm.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice

from mesoclinic.scheduling import text
from mesoclinic.scheduling.absence import RepairProposal, Stranded, repair_absence
from mesoclinic.scheduling.explain import why_no_slot
from mesoclinic.scheduling.model import Appointment, Calendar, GapRules, Preferences
from mesoclinic.scheduling.moves import (
    Move,
    after_gap,
    cascade,
    choices,
    session_window,
    undo,
)
from mesoclinic.scheduling.slots import SlotIndex, minute_of

__all__ = [
    "Move",
    "RepairProposal",
    "ReplaceOption",
    "Replacement",
    "Stranded",
    "repair_absence",
    "replace_session",
]


@dataclass(frozen=True, slots=True)
class ReplaceOption:
    session: Appointment  # the cancelled session, placed again
    moves: tuple[Move, ...]  # later sessions the gap pushes, each as little as it can


@dataclass(frozen=True, slots=True)
class Replacement:
    options: tuple[ReplaceOption, ...]
    why_none: str = ""  # said when there are no options


def replace_session(
    calendar: Calendar,
    course_appointments: Sequence[Appointment],
    number: int,
    rules: GapRules,
    preferences: Preferences,
    *,
    not_before: date,
    limit: int = 5,
    per_day: int | None = None,
    last_held: date | None = None,
) -> Replacement:
    """Up to `limit` new places for session `number` of a course, fewest moves first.

    `course_appointments` are the course's booked sessions, the cancelled one included
    (it tells the session's ideal date, length, practitioner and time). Its own slot
    counts as free whether or not it is still in `calendar.booked`. `per_day` caps the
    options taken from any one date, so a short list can still offer several days.
    `last_held` is the day of the course's latest session held, on the calendar or not.
    """
    cancelled = next((a for a in course_appointments if a.number == number), None)
    if cancelled is None:
        raise ValueError(f"the course has no session {number}")
    index = SlotIndex(calendar, calendar.rooms[cancelled.room_id].clinic_id)
    index.release(cancelled)
    earlier = [a for a in course_appointments if a.number < number]
    later = sorted((a for a in course_appointments if a.number > number), key=lambda a: a.number)
    previous = max(earlier, key=lambda a: a.number).start.date() if earlier else None
    days = after_gap(session_window(cancelled, rules, not_before), rules, previous, last_held)
    ideal = cancelled.ideal or cancelled.start.date()
    days.sort(key=lambda d: (abs((d - ideal).days), d))

    ranked: list[tuple[tuple[int, ...], ReplaceOption]] = []
    for day in days:
        offered = (
            placed
            for placed in choices(index, cancelled, day, preferred=preferences.practitioner_id)
            # The very booking that was cancelled is no answer to its cancellation.
            if (placed.start, placed.practitioner_id)
            != (cancelled.start, cancelled.practitioner_id)
        )
        for placed in islice(offered, per_day or limit):
            index.book(placed)
            moves = cascade(index, later, day, rules, not_before)
            index.release(placed)
            if moves is None:
                continue
            undo(index, moves)
            pushed = sum((m.after.start.date() - m.before.start.date()).days for m in moves)
            key = (
                len(moves),
                pushed,
                abs((day - ideal).days),
                # The practitioner the patient asked for, then the one she had.
                placed.practitioner_id != preferences.practitioner_id,
                placed.practitioner_id != cancelled.practitioner_id,
                abs(minute_of(placed.start) - minute_of(cancelled.start)),
            )
            ranked.append((key, ReplaceOption(placed, tuple(moves))))
    ranked.sort(key=lambda item: (item[0], item[1].session.start, item[1].session.practitioner_id))
    options = tuple(option for _, option in ranked[:limit])
    if options:
        return Replacement(options)
    return Replacement((), _why_none(index, cancelled, days))


def _why_none(index: SlotIndex, a: Appointment, days: list[date]) -> str:
    heading = f"Session {a.number} cannot be placed again"
    if not days:
        return f"{heading}: no date of its window is left"
    minutes = int((a.end - a.start).total_seconds() // 60)
    reasons = why_no_slot(index, sorted(days), minutes, a.patient_id)
    if reasons:
        return f"{heading}: {text.listing(reasons)}"
    return f"{heading}: each free date would push a later session out of its window"
