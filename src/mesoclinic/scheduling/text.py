"""Words for the scheduler's messages: days, times and resources as the front desk says them."""

from datetime import date, datetime

from mesoclinic.domain.wording import DASH, listing
from mesoclinic.scheduling.model import Appointment, Clinic, Practitioner, Room

__all__ = ["DASH", "day", "hhmm", "listing", "minutes", "resource", "sentence", "session", "span"]


def day(moment: date) -> str:
    """ "Tue 3 March"."""
    return f"{moment:%a} {moment.day} {moment:%B}"


def hhmm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def minutes(value: int) -> str:
    """Minutes after midnight as a clock time: 600 -> "10:00"."""
    return f"{value // 60:02d}:{value % 60:02d}"


def span(start: datetime, end: datetime) -> str:
    """ "10:00–11:00 on Tue 3 March"."""
    return f"{hhmm(start)}{DASH}{hhmm(end)} on {day(start.date())}"


def resource(thing: Clinic | Practitioner | Room) -> str:
    if thing.name:
        return thing.name
    kind = {Clinic: "Clinic", Practitioner: "Practitioner", Room: "Room"}[type(thing)]
    return f"{kind} {thing.id}"


def session(appointment: Appointment) -> str:
    """ "session 3 of course c7"."""
    return f"session {appointment.number} of course {appointment.course_id}"


def sentence(words: str) -> str:
    """The first letter made a capital, the rest left alone (ids keep their case)."""
    return words[:1].upper() + words[1:]
