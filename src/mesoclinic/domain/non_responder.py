"""Whether a course that shows no change needs the practitioner's decision.

The review falls due as `non_responder_review_due` says: once the first-improvement
window after the first session has passed, or after the clinic's set number of sessions.
The course is then read on its index area at its latest reassessment, which counts only
when taken at or after the review point: on or after the window's last day (change, if
any, should show by then), or at or after the set number of sessions. One taken earlier
says nothing about the window, so the course is to be reassessed first. A course is
flagged when that reassessment shows no change (`AreaChange.shows_change`); a decision
recorded on that reassessment answers the flag, and a later reassessment that still
shows no change raises it again.

Pure: no Django, no clock (`on` is the clinic's today, passed in).
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from mesoclinic.domain.outcomes import AreaChange, non_responder_review_due
from mesoclinic.domain.progress import (
    CourseProgressData,
    Visit,
    plural,
    responder_words,
    signed,
)
from mesoclinic.domain.protocol_model import Protocol


class ReviewStatus(StrEnum):
    NOT_DUE = "not_due"  # too early to read the course for a lack of change
    REASSESS = "reassess"  # due, but no reassessment since the review point
    UNREADABLE = "unreadable"  # reassessed, but the index area lacks the figures
    SHOWS_CHANGE = "shows_change"
    FLAGGED = "flagged"  # no change: the practitioner decides
    ANSWERED = "answered"  # no change, and a decision was recorded on this reassessment


@dataclass(frozen=True)
class Review:
    status: ReviewStatus
    message: str
    review_from: date | None = None
    reassessment: Visit | None = None
    change: AreaChange | None = None

    @property
    def needs_decision(self) -> bool:
        return self.status == ReviewStatus.FLAGGED

    @property
    def needs_attention(self) -> bool:
        return self.status in (ReviewStatus.FLAGGED, ReviewStatus.REASSESS, ReviewStatus.UNREADABLE)


def _figures(change: AreaChange) -> str:
    """The numbers that raised the flag, as the progress page writes them."""
    parts = []
    if change.baseline.css_total is not None and change.later.css_total is not None:
        parts.append(f"CSS total {change.baseline.css_total} → {change.later.css_total}")
    if (cm := change.circumference_change_cm) is not None:
        parts.append(f"circumference {signed(cm, 'cm')}")
    return ", ".join(parts)


def review_point(session_dates: tuple[date, ...], protocol: Protocol) -> date | None:
    """The first day a reassessment can answer the review: the first-improvement window's
    last day, or the day of the set number of sessions, whichever comes first."""
    if not session_dates:
        return None
    window_end = session_dates[0] + timedelta(days=protocol.first_improvement_days[1])
    count = protocol.outcomes.non_responder_after_sessions
    if len(session_dates) >= count:
        return min(window_end, session_dates[count - 1])
    return window_end


def non_responder_review(
    progress: CourseProgressData,
    *,
    on: date,
    protocol: Protocol,
    answered: Collection[int] = (),
) -> Review:
    """The course's review on `on`; `answered` holds the ids of the reassessments a
    decision was already recorded on."""
    sessions = progress.session_dates
    due = non_responder_review_due(
        first_session_on=sessions[0] if sessions else None,
        sessions_done=len(sessions),
        on=on,
        protocol=protocol,
    )
    point = review_point(sessions, protocol)
    if not due or point is None:
        return Review(ReviewStatus.NOT_DUE, "Not yet due for a review of change.")
    latest = progress.latest
    if latest is None or latest.on < point:
        return Review(
            ReviewStatus.REASSESS,
            f"Reassess to review: the review of change is due since {point.isoformat()} "
            "and no reassessment has been taken since.",
            review_from=point,
        )
    index = progress.index
    before = progress.baseline.reading(index) if index else None
    after = latest.reading(index) if index else None
    if index is None or before is None or after is None:
        where = progress.label(index) if index else "none"
        return Review(
            ReviewStatus.UNREADABLE,
            f"Reassess to review: the reassessment of {latest.on.isoformat()} did not "
            f"measure the index area ({where}).",
            review_from=point,
            reassessment=latest,
        )
    change = AreaChange(before.measure, after.measure, progress.rules)
    readable = change.css_change is not None or change.circumference_change_cm is not None
    if not readable:
        return Review(
            ReviewStatus.UNREADABLE,
            f"Reassess to review: neither the CSS total nor the circumference of the index "
            f"area was measured at both the baseline and {latest.on.isoformat()}.",
            review_from=point,
            reassessment=latest,
            change=change,
        )
    done = plural(progress.sessions_by(latest.on), "session")
    if change.shows_change:
        return Review(
            ReviewStatus.SHOWS_CHANGE,
            f"The index area shows a change at {latest.on.isoformat()} after {done}. "
            f"{responder_words(change)}",
            review_from=point,
            reassessment=latest,
            change=change,
        )
    status = ReviewStatus.ANSWERED if latest.assessment_id in answered else ReviewStatus.FLAGGED
    message = (
        f"No change on the index area ({progress.label(index)}) at the "
        f"reassessment of {latest.on.isoformat()} after {done} ({_figures(change)}): "
        "decide whether to continue, change products or cadence, or stop."
        if status == ReviewStatus.FLAGGED
        else f"No change on the index area at the reassessment of {latest.on.isoformat()}; "
        "a decision was recorded on it."
    )
    return Review(status, message, review_from=point, reassessment=latest, change=change)
