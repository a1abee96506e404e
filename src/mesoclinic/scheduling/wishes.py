"""The patient's wishes as the plan search honours them: the free starts that keep every
wish, searched first, and the plain words when no plan can keep them."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from mesoclinic.scheduling import text
from mesoclinic.scheduling.anchors import Options, time_miss
from mesoclinic.scheduling.model import Calendar, CourseRequest, Preferences

WEEKDAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def keeping_wishes(
    request: CourseRequest, dates: dict[date, Options], wish: Preferences
) -> dict[date, Options]:
    """One session's free starts narrowed to `wish`'s weekdays, part of the day and
    practitioner; empty when none is left."""
    kept: dict[date, Options] = {}
    for day, free in dates.items():
        if wish.weekdays and day.weekday() not in wish.weekdays:
            continue
        narrowed: Options = {}
        for practitioner, (times, _) in free.items():
            if wish.practitioner_id is not None and practitioner != wish.practitioner_id:
                continue
            wished = [t for t in times if not time_miss(request, t, wish)]
            if wished:
                narrowed[practitioner] = (wished, frozenset(wished))
        if narrowed:
            kept[day] = narrowed
    return kept


def keeps(request: CourseRequest, plan: Sequence[tuple[date, str, int]], wish: Preferences) -> bool:
    """Whether every session of a plan, as (date, practitioner, start), keeps `wish`."""
    return all(
        (not wish.weekdays or day.weekday() in wish.weekdays)
        and (wish.practitioner_id is None or who == wish.practitioner_id)
        and not time_miss(request, when, wish)
        for day, who, when in plan
    )


def one_wish_less(wish: Preferences) -> list[Preferences]:
    """The wish without its practitioner, its part of the day, its weekdays in turn: what
    comes nearest when all of it cannot be kept. Empty for a wish of one part: without it
    there is no wish left."""
    looser = []
    if wish.practitioner_id is not None:
        looser.append(replace(wish, practitioner_id=None))
    if wish.part_of_day is not None:
        looser.append(replace(wish, part_of_day=None))
    if wish.weekdays:
        looser.append(replace(wish, weekdays=frozenset()))
    return looser if len(looser) > 1 else []


def wishes_missed(calendar: Calendar, wish: Preferences, *, all_but_one: bool | None) -> str:
    """ "No plan keeps every wish (Wednesdays, mornings, with Dr 1) inside the sessions'
    windows: these come nearest, each keeping all of them but one." `all_but_one` says
    whether some plan keeps all but one, None when the wish has only one part."""
    parts = []
    if wish.weekdays:
        parts.append(text.listing([WEEKDAYS[d] for d in sorted(wish.weekdays)], "or"))
    if wish.part_of_day is not None:
        parts.append(f"{wish.part_of_day.value}s")
    if wish.practitioner_id is not None:
        who = calendar.practitioners.get(wish.practitioner_id)
        parts.append(f"with {text.resource(who) if who else wish.practitioner_id}")
    unmet = f"No plan keeps every wish ({', '.join(parts)}) inside the sessions' windows"
    if all_but_one is None:
        return f"{unmet}: these come nearest."
    if all_but_one:
        return f"{unmet}: these come nearest, each keeping all of them but one."
    return f"{unmet}, nor all of them but one: these come nearest."
