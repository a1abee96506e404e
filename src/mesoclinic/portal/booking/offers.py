"""Plans and move options in her words: each session's day, time and practitioner's first
name, and a line saying what the plan is like. No rooms, no ideal dates, no staff names
beyond first names."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User

from mesoclinic.domain.wording import DASH, listing
from mesoclinic.portal.booking.online import Offer, first_name
from mesoclinic.scheduling.model import PartOfDay, Preferences


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
    misses: str = ""  # which of her wishes the plan does not keep, in her words


def _misses(offer: Offer, wishes: Preferences) -> str:
    """ "Misses 2 of your wishes: 3 of 11 not on the days you chose; 2 of 11 not in the
    morning." """
    placed = offer.appointments
    parts = []
    if wishes.weekdays:
        off = sum(a.start.weekday() not in wishes.weekdays for a in placed)
        parts.append((off, "on the days you chose"))
    if wishes.part_of_day:
        off = sum(PartOfDay.of(a.start) != wishes.part_of_day for a in placed)
        parts.append((off, f"in the {wishes.part_of_day.value}"))
    if wishes.practitioner_id:
        off = sum(a.practitioner_id != wishes.practitioner_id for a in placed)
        parts.append((off, "with the practitioner you chose"))
    said = [f"{off} of {len(placed)} not {what}" for off, what in parts if off]
    if not said:
        return ""
    which = "one of your wishes" if len(said) == 1 else f"{len(said)} of your wishes"
    return f"Misses {which}: {'; '.join(said)}."


def shown(
    offers: list[Offer] | tuple[Offer, ...],
    *,
    moving: bool = False,
    wishes: Preferences | None = None,
) -> list[ShownOffer]:
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
        misses = _misses(offer, wishes) if wishes is not None else ""
        result.append(ShownOffer(offer.id, summary, rows, misses))
    return result


def _plan_summary(rows: list[OfferRow]) -> str:
    """ "4 sessions, Wed 9 December to Wed 30 December, with Grace, at 10:00 each time";
    one session is "1 session, Wed 9 December, with Grace, at 10:00"."""
    first, last = rows[0].start, rows[-1].start
    count = f"{len(rows)} session{'s' if len(rows) != 1 else ''}"
    when = f"{first:%a} {first.day} {first:%B}"
    if len(rows) > 1:
        when += f" {DASH} {last:%a} {last.day} {last:%B}"
    who = listing(sorted({row.practitioner for row in rows}))
    times = sorted({f"{row.start:%H:%M}" for row in rows})
    if len(rows) == 1:
        at = f"at {times[0]}"
    else:
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
