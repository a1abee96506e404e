"""Whether a course shows a change, read the same way every time.

A course is measured on its index area: the area and side that set its grade at the
baseline assessment, chosen as the estimator chose it. Every later assessment is compared
with the baseline on that area. What counts as a response, and how much circumference
change is measurement error, are the clinic's protocol settings (`OutcomeRules`): no
published threshold exists for these scales.

Pure: no Django, no clock. Callers pass rows already turned into `AreaMeasure`s.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from mesoclinic.domain.assessment import ScoredArea, worst_area
from mesoclinic.domain.protocol_model import OutcomeRules, Protocol

AreaKey = tuple[str, str]  # (area, side); side "" for an area without sides


@dataclass(frozen=True)
class AreaMeasure:
    """One area and side at one assessment."""

    area: str
    side: str
    nm_grade: int
    css_total: int | None
    circumference_cm: Decimal | None

    @property
    def key(self) -> AreaKey:
        return (self.area, self.side)


@dataclass(frozen=True)
class AreaChange:
    """A later measure of an area against its baseline. A figure missing at either visit
    gives None for its change, never zero."""

    baseline: AreaMeasure
    later: AreaMeasure
    rules: OutcomeRules

    @property
    def css_change(self) -> int | None:
        if self.baseline.css_total is None or self.later.css_total is None:
            return None
        return self.later.css_total - self.baseline.css_total

    @property
    def circumference_change_cm(self) -> Decimal | None:
        if self.baseline.circumference_cm is None or self.later.circumference_cm is None:
            return None
        return self.later.circumference_cm - self.baseline.circumference_cm

    @property
    def circumference_error_cm(self) -> Decimal:
        return Decimal(self.rules.circumference_error_mm) / 10

    @property
    def circumference_within_error(self) -> bool | None:
        change = self.circumference_change_cm
        return None if change is None else abs(change) <= self.circumference_error_cm

    @property
    def circumference_decreased(self) -> bool:
        """Smaller by more than the clinic's measurement error."""
        change = self.circumference_change_cm
        return change is not None and -change > self.circumference_error_cm

    @property
    def css_improved(self) -> bool:
        change = self.css_change
        return change is not None and change < 0

    @property
    def responder(self) -> bool | None:
        """The clinic's responder rule on the CSS total; None when it cannot be read."""
        change = self.css_change
        return None if change is None else -change >= self.rules.responder_css_drop

    @property
    def shows_change(self) -> bool:
        """Any improvement the clinic's protocol lets it read: a lower CSS total, or a
        circumference smaller by more than measurement error."""
        return self.css_improved or self.circumference_decreased


def index_area(baseline: Sequence[ScoredArea], protocol: Protocol) -> AreaKey | None:
    """The area and side a course is measured on: the one that set its grade."""
    worst = worst_area(baseline, protocol)
    if worst is None:
        return None
    return (worst.area, worst.side or "")


def index_change(
    baseline: Sequence[AreaMeasure],
    later: Sequence[AreaMeasure],
    index: AreaKey,
    rules: OutcomeRules,
) -> AreaChange | None:
    """The index area's change, when both assessments measured it."""
    before = next((m for m in baseline if m.key == index), None)
    after = next((m for m in later if m.key == index), None)
    if before is None or after is None:
        return None
    return AreaChange(before, after, rules)


def non_responder_review_due(
    *, first_session_on: date | None, sessions_done: int, on: date, protocol: Protocol
) -> bool:
    """A course is reviewed for a lack of change once the protocol's first-improvement
    window after its first session has passed, or after the set number of sessions,
    whichever comes first."""
    if first_session_on is None or sessions_done == 0:
        return False
    window_end = first_session_on + timedelta(days=protocol.first_improvement_days[1])
    return on > window_end or sessions_done >= protocol.outcomes.non_responder_after_sessions
