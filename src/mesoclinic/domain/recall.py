"""Maintenance recalls: when one falls due once a course completes, where it stands on the
desk's list, and which call outcomes close it. Pure: the caller passes today's date.

The interval is the protocol's `maintenance_days` for the course's grade (a clinic setting
for grades 2 and 3, the seed's yearly preventive session for grade 1); a grade without it
has no recall.
"""

from datetime import date, timedelta
from typing import Literal, cast

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.plausible import date_problem, text_problem

Outcome = Literal["booked", "declined", "no_answer", "left_message"]
OUTCOMES: tuple[Outcome, ...] = ("booked", "declined", "no_answer", "left_message")
# A booked visit or a refusal ends the recall; an unanswered call is tried again.
CLOSING: frozenset[str] = frozenset({"booked", "declined"})
TRIED_AGAIN: frozenset[str] = frozenset({"no_answer", "left_message"})
# After an unanswered call the desk tries again this many days later unless it picks a
# day: long enough for a patient who got the message to call back first, short enough that
# the recall does not slip out of the week's calls.
NO_ANSWER_RETRY_DAYS = 3
# A next try or a postponement further out than this is a typing mistake (a wrong year);
# a recall meant for much later is closed and comes back with the next course.
FURTHEST_DAYS = 366
NOTE_MAX = 1000
REASON_MAX = 300

Standing = Literal["overdue", "due", "later"]


def maintenance_due_on(
    *, interval_days: int | None, last_session_on: date | None, completed_on: date
) -> date | None:
    """The day a maintenance visit is due after a completed course: `interval_days` after
    its last session, or after the day it was completed when no session was held. None
    when the course's grade has no maintenance rule."""
    if interval_days is None:
        return None
    if interval_days < 1:
        raise ValueError("A maintenance interval is at least one day.")
    return (last_session_on or completed_on) + timedelta(days=interval_days)


def standing(*, due_on: date, call_on: date, today: date, within_days: int) -> Standing:
    """Overdue once its due date has passed, until it is closed: an unanswered call moves
    the day to call (`call_on`), never the day the visit was due. Otherwise due when the
    day to call falls from today to `within_days` ahead."""
    if due_on < today:
        return "overdue"
    if call_on <= today + timedelta(days=within_days):
        return "due"
    return "later"


def days_overdue(due_on: date, today: date) -> int:
    """Days since the visit was due; a next try after an unanswered call does not reset it."""
    return max(0, (today - due_on).days)


def call_on(due_on: date, next_try_on: date | None) -> date:
    """The day the desk calls next: the due date, or a later try after an unanswered call."""
    return max(due_on, next_try_on) if next_try_on is not None else due_on


def _future_day(field: str, day: date, today: date, what: str) -> date:
    problem = date_problem(day)
    if problem is not None:
        raise DomainError(field, problem)
    if day <= today:
        raise DomainError(field, f"The {what} is a day after today ({today.isoformat()}).")
    if day > today + timedelta(days=FURTHEST_DAYS):
        raise DomainError(
            field, f"The {what} is at most {FURTHEST_DAYS} days ahead: check the year."
        )
    return day


def _text(field: str, value: str, most: int, *, multiline: bool) -> str:
    value = value.strip()
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        raise DomainError(field, problem)
    if len(value) > most:
        raise DomainError(field, f"Keep it to {most} characters.")
    return value


def check_call(
    *,
    outcome: str,
    note: str,
    next_try_on: date | None,
    today: date,
    may_contact: bool,
) -> tuple[Outcome, str, date | None]:
    """A call as the desk records it: a known outcome, for a patient who allows contact;
    an unanswered call gets its next try (`NO_ANSWER_RETRY_DAYS` on when none is given),
    and only an unanswered call has one."""
    if not may_contact:
        raise DomainError(
            "outcome",
            "This patient does not allow contact: no call can be recorded. If the patient "
            "has since agreed to be called, update the contact choice on the record first.",
        )
    if outcome not in OUTCOMES:
        raise DomainError("outcome", f"Choose the call's outcome: one of {', '.join(OUTCOMES)}.")
    note = _text("note", note, NOTE_MAX, multiline=True)
    if outcome in TRIED_AGAIN:
        next_try_on = next_try_on or today + timedelta(days=NO_ANSWER_RETRY_DAYS)
        next_try_on = _future_day("next_try_on", next_try_on, today, "next try")
    elif next_try_on is not None:
        raise DomainError(
            "next_try_on", "Only an unanswered call has a next try: leave the date empty."
        )
    return cast(Outcome, outcome), note, next_try_on


def check_postpone(*, due_on: date, reason: str, current: date, today: date) -> tuple[date, str]:
    """A new, later due date with the reason for it."""
    reason = _text("reason", reason, REASON_MAX, multiline=False)
    if not reason:
        raise DomainError("reason", "Say why the recall is postponed, e.g. the patient asked.")
    due_on = _future_day("due_on", due_on, today, "new due date")
    if due_on <= current:
        raise DomainError(
            "due_on", f"Postponing moves the due date later than {current.isoformat()}."
        )
    return due_on, reason
