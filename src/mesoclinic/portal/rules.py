"""What a patient may do online, as pure rules (no Django, no clock: `now` is passed in).

The clinic's cancellation window closes online changes a set number of hours before the
appointment; after that she calls the clinic, whose desk can still change it.
"""

from datetime import datetime, timedelta


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
