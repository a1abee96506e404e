"""The waitlist's rules as pure functions (no Django, no clock: `now` is passed in).

An offer holds for a few hours, so a patient at work can still answer by the evening, and
never past a point where the clinic could no longer fill the time by phone; a time too close
to offer by email at all is left to the desk.
"""

from collections.abc import Collection
from datetime import datetime, timedelta

from mesoclinic.scheduling.model import PartOfDay

# How long an emailed offer holds before the next patient is offered the time.
OFFER_HOLDS = timedelta(hours=3)
# An offer ends at the latest this long before the time it offers: the desk needs the
# last hour to phone someone.
OFFER_ENDS_BEFORE_START = timedelta(hours=1)
# Shorter than this to answer, and an email offer is pointless: the desk phones instead.
SHORTEST_OFFER = timedelta(minutes=30)


def fits_wishes(
    start: datetime,
    practitioner_id: int,
    *,
    weekdays: Collection[int],
    part_of_day: str,
    practitioner_ids: Collection[int],
) -> bool:
    """Whether a time (wall clock, the clinic's zone) with this practitioner is one she
    asked for. An empty wish accepts anything."""
    if weekdays and start.weekday() not in weekdays:
        return False
    if part_of_day and PartOfDay.of(start) != PartOfDay(part_of_day):
        return False
    return not practitioner_ids or practitioner_id in practitioner_ids


def offer_expires_at(now: datetime, starts_at: datetime) -> datetime | None:
    """When an offer made now of a time starting at `starts_at` lapses, or None when the
    time is too close to offer by email."""
    expires = min(now + OFFER_HOLDS, starts_at - OFFER_ENDS_BEFORE_START)
    return expires if expires - now >= SHORTEST_OFFER else None
