"""When a clinic could run out of rooms: the moments of a day at which more practitioners
may be seeing patients than there are rooms free."""

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

from mesoclinic.scheduling.timeline import Board


def room_limits(
    board: Board,
    clinic_id: str,
    slots: Mapping[tuple[str, date], list[int]],
    footprint: int,
) -> dict[date, list[tuple[int, int]]]:
    """Per day, (minute, rooms free) wherever the practitioners' slots running at that
    minute outnumber the rooms free. A room counts as taken from the start of a booking
    to the end of the buffer after it, like the sessions (`footprint` is session plus
    buffer); the most sessions run at once at a slot start or where a room is taken."""
    calendar = board.calendar
    clinic = calendar.clinics[clinic_id]
    rooms = [r for r in calendar.rooms.values() if r.clinic_id == clinic_id]
    per_day: dict[date, list[list[int]]] = defaultdict(list)
    for (_, day), starts in slots.items():
        per_day[day].append(starts)
    limits: dict[date, list[tuple[int, int]]] = {}
    for day, lists in sorted(per_day.items()):
        if len(lists) <= len(rooms):
            continue
        blocked = {
            r.id: [
                (s, e + clinic.buffer_minutes) for s, e in board.busy.get(("r:" + r.id, day), ())
            ]
            for r in rooms
        }
        segments = {r.id: board.segments(clinic, r, day) for r in rooms}
        moments = {a for starts in lists for a in starts}
        moments |= {s for spans in blocked.values() for s, _ in spans}
        moments |= {g.end for parts in segments.values() for g in parts}
        short = []
        for minute in sorted(moments):
            running = sum(any(a <= minute < a + footprint for a in starts) for starts in lists)
            free = sum(
                any(g.start <= minute < g.end for g in segments[r.id])
                and not any(s <= minute < e for s, e in blocked[r.id])
                for r in rooms
            )
            if running > free:
                short.append((minute, free))
        if short:
            limits[day] = short
    return limits
