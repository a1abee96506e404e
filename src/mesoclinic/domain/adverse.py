"""Adverse events after a session: how long each is expected to last, when one needs a
follow-up, which are serious, and which dates and grades make sense.

Expected courses are protocol data (bruising 7–10 days, redness or swelling 1–5 days,
...). A type the literature gives no day count for is followed up after the clinic's
review interval instead (`Protocol.adverse_event_review_days`). No clock here: `today`
is always passed in, as the clinic's date.
"""

from datetime import date, timedelta
from typing import Literal

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.plausible import date_problem
from mesoclinic.domain.protocol_model import AdverseEventType, Protocol
from mesoclinic.domain.wording import span

# FHIR AdverseEvent.severity.
Severity = Literal["mild", "moderate", "severe"]
SEVERITIES: tuple[Severity, ...] = ("mild", "moderate", "severe")
EventStatus = Literal["ongoing", "resolved"]
EVENT_STATUSES: tuple[EventStatus, ...] = ("ongoing", "resolved")
FollowUpOutcome = Literal["improving", "unchanged", "worse", "resolved"]
OUTCOMES: tuple[FollowUpOutcome, ...] = ("improving", "unchanged", "worse", "resolved")

# CTCAE v5.0 general grade definitions: 1 mild, 2 moderate, 3 severe or medically
# significant, 4 life-threatening, 5 death related to the event.
CTCAE_GRADES: dict[int, str] = {
    1: "mild",
    2: "moderate",
    3: "severe or medically significant",
    4: "life-threatening",
    5: "death related to the event",
}
_CTCAE_SEVERITY: dict[int, Severity] = {
    1: "mild",
    2: "moderate",
    3: "severe",
    4: "severe",
    5: "severe",
}

# An expected course in days (first, last), or None where the protocol gives no day count.
Window = tuple[int, int] | None


def expected_end(onset: date, window: Window) -> date | None:
    """The last day of the expected course (onset + the window's upper end), or None when
    the protocol gives no day count."""
    if window is None:
        return None
    return onset + timedelta(days=window[1])


def follow_up_due(onset: date, window: Window, review_days: int) -> date:
    """The last day an ongoing event is still within what was expected: the end of its
    expected course, or `review_days` after onset for a type without a day count."""
    end = expected_end(onset, window)
    return end if end is not None else onset + timedelta(days=review_days)


def needs_follow_up(
    status: str, onset: date, window: Window, today: date, *, review_days: int
) -> bool:
    """Ongoing and past the end of its expected course (or of the review interval)."""
    return status == "ongoing" and today > follow_up_due(onset, window, review_days)


def days_overdue(onset: date, window: Window, today: date, *, review_days: int) -> int:
    """Days since the expected course (or review interval) ended; 0 while within it."""
    return max((today - follow_up_due(onset, window, review_days)).days, 0)


def is_serious(event_type: AdverseEventType, severity: str) -> bool:
    """Serious: a type the protocol flags serious (infection, ulceration, necrosis,
    allergic reaction, panniculitis, scarring), or any severe event."""
    return event_type.serious or severity == "severe"


def window_text(window: Window) -> str:
    """ "7–10 days", "7 days", or the reason there is no number."""
    if window is None:
        return "no day count in the protocol"
    return f"{span(*window)} days"


# -- checks on what a practitioner enters ----------------------------------------------------


def check_severity(severity: str) -> Severity:
    for choice in SEVERITIES:
        if severity == choice:
            return choice
    raise DomainError("severity", "Choose the severity: mild, moderate or severe.")


def check_ctcae_grade(grade: int | None, severity: str) -> int | None:
    """An optional CTCAE grade 1–5 that agrees with the severity by CTCAE's own
    definitions (1 mild, 2 moderate, 3–5 severe)."""
    if grade is None:
        return None
    if grade not in CTCAE_GRADES:
        raise DomainError("ctcae_grade", "A CTCAE grade is 1, 2, 3, 4 or 5.")
    expected = _CTCAE_SEVERITY[grade]
    if severity != expected:
        raise DomainError(
            "ctcae_grade",
            f"CTCAE grade {grade} means {CTCAE_GRADES[grade]}, so the severity is "
            f"{expected}: change the severity or the grade.",
        )
    return grade


def check_outcome(outcome: str) -> FollowUpOutcome:
    for choice in OUTCOMES:
        if outcome == choice:
            return choice
    raise DomainError("outcome", "Choose the outcome: improving, unchanged, worse or resolved.")


def check_onset(onset: date, today: date) -> date:
    if (problem := date_problem(onset)) is not None:
        raise DomainError("onset_on", problem)
    if onset > today:
        raise DomainError("onset_on", "The onset date cannot be in the future.")
    return onset


def check_resolved_on(onset: date, resolved_on: date, today: date) -> date:
    if resolved_on < onset:
        raise DomainError("resolved_on", "The resolved date cannot be before the onset.")
    if resolved_on > today:
        raise DomainError("resolved_on", "The resolved date cannot be in the future.")
    return resolved_on


def check_follow_up_on(onset: date, noted_on: date, today: date) -> date:
    if noted_on < onset:
        raise DomainError("noted_on", "A follow-up cannot be dated before the onset.")
    if noted_on > today:
        raise DomainError("noted_on", "A follow-up cannot be dated in the future.")
    return noted_on


def check_site(protocol: Protocol, area: str, side: str) -> tuple[str, str]:
    """A body area and side from the protocol; both empty for an event that is not at one
    site (a systemic reaction). A side is optional on an area that has sides."""
    if not area:
        if side:
            raise DomainError("area", "Choose the body area this side belongs to.")
        return "", ""
    body_area = protocol.area(area)
    if side and side not in body_area.sides:
        if not body_area.sides:
            raise DomainError("side", f"{body_area.label} has no left or right side.")
        raise DomainError("side", f"Choose {' or '.join(body_area.sides)} for {body_area.label}.")
    return body_area.key, side
