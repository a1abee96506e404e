"""Plans and move options in her words: each session's day, time and practitioner's first
name, and a line saying what the plan is like. No rooms, no ideal dates, no staff names
beyond first names."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User

from mesoclinic.domain.wording import DASH, listing
from mesoclinic.portal.online import Offer, first_name


@dataclass(frozen=True)
class OfferRow:
    number: int
    start: datetime  # the clinic's wall clock
    end: datetime
    practitioner: str


@dataclass(frozen=True)
class ShownOffer:
    id: str
    summary: str
    rows: list[OfferRow]


def shown(offers: list[Offer] | tuple[Offer, ...], *, moving: bool = False) -> list[ShownOffer]:
    """The offers with first names, read in one query however many are shown."""
    ids = {int(a.practitioner_id) for offer in offers for a in offer.appointments}
    names = {user.id: first_name(user) for user in User.objects.filter(id__in=ids)}
    result = []
    for offer in offers:
        rows = [
            OfferRow(a.number, a.start, a.end, names.get(int(a.practitioner_id), ""))
            for a in offer.appointments
        ]
        summary = _move_summary(rows) if moving else _plan_summary(rows)
        result.append(ShownOffer(offer.id, summary, rows))
    return result


def _plan_summary(rows: list[OfferRow]) -> str:
    """ "4 sessions, Wed 9 December to Wed 30 December, with Grace, at 10:00 each time"."""
    first, last = rows[0].start, rows[-1].start
    count = f"{len(rows)} session{'s' if len(rows) != 1 else ''}"
    when = f"{first:%a} {first.day} {first:%B}"
    if len(rows) > 1:
        when += f" {DASH} {last:%a} {last.day} {last:%B}"
    who = listing(sorted({row.practitioner for row in rows}))
    times = sorted({f"{row.start:%H:%M}" for row in rows})
    at = f"at {times[0]} each time" if len(times) == 1 else "at different times"
    return f"{count}, {when}, with {who}, {at}"


def _move_summary(rows: list[OfferRow]) -> str:
    if len(rows) == 1:
        return "Only this session moves."
    later = listing([str(row.number) for row in rows[1:]])
    return (
        f"Session{'s' if len(rows) > 2 else ''} {later} move{'' if len(rows) > 2 else 's'} "
        "too, to keep enough days between your sessions."
    )
