"""Why a session finds no slot on any of its dates, said the way the front desk says it."""

from collections.abc import Sequence
from datetime import date

from mesoclinic.scheduling import text
from mesoclinic.scheduling.slots import SlotIndex

# Name at most this many absent colleagues for a day; a long list hides the point.
NAMED_ABSENCES = 3


def why_no_slot(
    index: SlotIndex,
    days: Sequence[date],
    minutes: int,
    patient_id: str | None = None,
    preferred: str | None = None,
) -> list[str]:
    """Reasons, each once, with the dates it applies to: "Dr 1 is off on Tue 3 March"."""
    reasons: dict[str, list[date]] = {}

    def note(reason: str, day: date | None = None) -> None:
        reasons.setdefault(reason, [])
        if day is not None:
            reasons[reason].append(day)

    for day in days:
        if day in index.clinic.closed_days:
            note(f"{text.resource(index.clinic)} is closed on", day)
            continue
        if not index.opening(day):
            note(f"{text.resource(index.clinic)} is closed on {day:%A}s")
            continue
        absent = _absences(index, day)
        working = [p for p in index.practitioners if index.working(p, day)]
        # Absences explain a day only when nobody works it; the patient's own
        # practitioner is always worth naming.
        named = [a for a in absent if a[0] == _name(index, preferred)]
        if not working:
            named = absent[:NAMED_ABSENCES] + named
        for name, reason, dated in dict.fromkeys(named):
            note(f"{name} {reason}", day if dated else None)
        if not working:
            if len(absent) > NAMED_ABSENCES:
                note("no practitioner works on", day)
            continue
        if not any(index.free("r", r.id, day)[0] for r in index.rooms):
            note("every room is taken or closed on", day)
        elif not (starts := index.starts(day, minutes)):
            note(f"no practitioner has a free {minutes} minutes in a free room on", day)
        elif patient_id is not None and _patient_busy(index, patient_id, day, starts, minutes):
            note("the patient is booked elsewhere at every free time on", day)
        else:
            # Free, but the gap to another session of the course rules the date out.
            note("the minimum gap between sessions rules out", day)
    return [
        f"{reason} {text.listing([text.day(d) for d in dates])}" if dates else reason
        for reason, dates in reasons.items()
    ]


def _patient_busy(
    index: SlotIndex, patient_id: str, day: date, starts: dict[str, list[int]], minutes: int
) -> bool:
    busy = index.patient_busy(patient_id, day)
    return all(
        any(t < e and s < t + minutes for s, e in busy) for times in starts.values() for t in times
    )


def _absences(index: SlotIndex, day: date) -> list[tuple[str, str, bool]]:
    """(name, reason, whether the reason needs its dates) for each practitioner away."""
    absent = []
    for practitioner in index.practitioners:
        name = text.resource(practitioner)
        if day in practitioner.days_off:
            absent.append((name, "is off on", True))
        elif not practitioner.shifts.get(day.weekday()):
            absent.append((name, f"does not work on {day:%A}s", False))
        elif not index.working(practitioner, day):
            absent.append((name, "is away on", True))
    return absent


def _name(index: SlotIndex, practitioner_id: str | None) -> str | None:
    if practitioner_id is None:
        return None
    practitioner = index.calendar.practitioners.get(practitioner_id)
    return text.resource(practitioner) if practitioner else practitioner_id
