"""What a patient may do online, as pure rules (no Django, no clock: `now` is passed in).

The clinic's cancellation window closes online changes a set number of hours before the
appointment; after that she calls the clinic, whose desk can still change it. She books no
further ahead than the clinic allows, and where the clinic wants a consultation first, its
staff book a course's first session.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta


def change_closes_at(starts_at: datetime, cancel_hours_before: int) -> datetime:
    """When moving or cancelling the appointment online stops being possible."""
    return starts_at - timedelta(hours=cancel_hours_before)


def may_change_online(starts_at: datetime, now: datetime, cancel_hours_before: int) -> bool:
    """True while the window is open: strictly before it closes, so at the closing minute
    she is already told to call."""
    return now < change_closes_at(starts_at, cancel_hours_before)


def last_bookable_day_offset(book_days_ahead: int) -> timedelta:
    """How far after today her last bookable day lies: `book_days_ahead` days counts today
    as the first of them."""
    return timedelta(days=max(book_days_ahead, 1) - 1)


def last_bookable_day(today: date, book_days_ahead: int) -> date:
    """The last day she may book online, seen from `today` at the clinic."""
    return today + last_bookable_day_offset(book_days_ahead)


def sessions_within_reach(window_ends: Sequence[date], last_day: date) -> int:
    """How many of the sessions still to book, in order, she may book online: those whose
    whole window (the last date each may fall on, `window_ends`) lies on or before
    `last_day`, so any plan found for them stays within reach. A course is booked in a run
    from its first session still to book, so the run stops at the first beyond reach."""
    count = 0
    for end in window_ends:
        if end > last_day:
            break
        count += 1
    return count


def first_session_waits_for_staff(first_session_by_staff: bool, first_number: int) -> bool:
    """Whether the clinic books this run itself: it starts at the course's first session
    and the clinic has its staff book first sessions (a consultation comes first)."""
    return first_session_by_staff and first_number == 1
