"""The sentences of a course estimate's explanation.

Read by staff and shown to patients, so: plain English, one or two sentences each, every
number taken from the protocol, and nothing that promises a result.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mesoclinic.domain.protocol import CSSBand, GradeRule, Protocol, SessionRange
from mesoclinic.domain.wording import count, day_span, iso_dates, listing, signed_sessions, span

if TYPE_CHECKING:
    from mesoclinic.domain.estimate import AreaAssessment


class PlanWording:
    """The sentences for one plan, worded from its protocol and the driving grade's rule."""

    def __init__(self, protocol: Protocol, rule: GradeRule) -> None:
        self.protocol = protocol
        self.rule = rule

    def _grade(self) -> str:
        return f"NM grade {self.rule.grade} ({self.rule.description})"

    def _range(self, sessions: SessionRange) -> str:
        high = self.rule.planning_high(sessions)
        if sessions.high is None:
            return f"the {span(sessions.low, high)} sessions planned for now"
        return f"the {span(sessions.low, high)} range"

    def area_name(self, assessment: AreaAssessment) -> str:
        area = self.protocol.area(assessment.area)
        name = area.label.lower()
        if not area.sides:
            return name
        return f"{name} ({assessment.side or 'both sides'})"

    def driving_area(self, worst: AreaAssessment, areas_assessed: int) -> str:
        total = worst.known_css_total
        css = "no CSS score" if total is None else f"CSS {total}"
        found = f"{self.area_name(worst)}, NM grade {worst.nm_grade}, {css}"
        if areas_assessed == 1:
            return f"Area assessed: {found}; it sets the session count."
        return f"Worst of {areas_assessed} areas assessed: {found}; it sets the session count."

    def no_course(self) -> str:
        return f"{self._grade()}: no course is recommended."

    def session_range(self, sessions: SessionRange, band: CSSBand | None, total: int | None) -> str:
        rule = self.rule
        if rule.kind == "preventive":
            line = f"{self._grade()}: {count(sessions.low, 'preventive session')}"
            if rule.maintenance_interval_days is None:
                return f"{line}."
            return f"{line}, repeated every {rule.maintenance_interval_days} days."
        if sessions.high is None:
            usual = f"at least {sessions.low} sessions, with no known upper limit"
        else:
            usual = f"usually {span(sessions.low, sessions.high)} sessions"
        if band is not None and band.name in rule.sessions_by_css_band:
            band_range = span(band.low, band.high)
            return (
                f"{self._grade()} with CSS {total} in the {band.name} band ({band_range}): {usual}."
            )
        line = f"{self._grade()}: {usual}."
        if total is None and rule.sessions_by_css_band:
            narrower = listing(
                [
                    f"{span(other.low, rule.planning_high(other))} sessions in the {name} band"
                    for name, other in rule.sessions_by_css_band.items()
                ],
                "or",
            )
            line += (
                " No CSS score was given, so this range applies; a CSS score could narrow it "
                f"({narrower})."
            )
        return line

    def fixed_count(self, sessions: int) -> str:
        return (
            f"The count is fixed at {sessions} for this grade, so expectation and an exercise and "
            "diet programme do not change it."
        )

    def start_without_css(self, start: int, sessions: SessionRange) -> str:
        middle = f"the middle of {self._range(sessions)}"
        return f"Without a CSS score the starting point is {middle}: {start}."

    def start_from_css(self, start: int, sessions: SessionRange, total: int) -> str:
        band = self.protocol.band_for(total)
        where = f"{band.name} band, {span(band.low, band.high)}" if band else "no band"
        low, high = sessions.low, self.rule.planning_high(sessions)
        return (
            f"CSS {total} ({where}) puts the starting point at {start}, "
            f"{_position(start, low, high)} of {self._range(sessions)}."
        )

    def expectation(self, expectation: str, shift: int) -> str:
        return f"Expectation '{expectation}': {signed_sessions(shift)}."

    def lifestyle(self, follows: bool, shift: int) -> str:
        if not follows:
            return "No exercise and diet programme noted: no change to the number of sessions."
        return f"Follows an exercise and diet programme: {signed_sessions(shift)}."

    def clamped(self, recommended: int, sessions: SessionRange) -> str:
        return f"Kept within {self._range(sessions)}: {recommended}."

    def recommended(self, sessions: int, cadence_days: int) -> str:
        minutes = self.protocol.session_minutes
        if sessions == 1:
            return f"Recommended: 1 session of about {minutes} minutes."
        name = self.protocol.cadence_name(cadence_days) or "chosen cadence"
        return (
            f"Recommended: {sessions} sessions, every {cadence_days} days "
            f"({name.replace('_', ' ')}), about {minutes} minutes each."
        )

    def first_improvement(self, window: tuple[date, date]) -> str:
        early, late = self.protocol.first_improvement_days
        return (
            f"Change, if any, usually shows after {day_span(early, late)} "
            f"({window[0].isoformat()} to {window[1].isoformat()}); results vary and are not "
            "guaranteed."
        )

    def uncertain(self, recommended: int) -> str:
        block = self.rule.block_sessions
        blocks = f", including the end of every {block}-session block" if block else ""
        return (
            f"The count is uncertain: this grade is hard to predict, so the {recommended} "
            f"sessions planned are a first estimate that will be reviewed at each "
            f"reassessment{blocks}."
        )

    def reassessments(self, dates: tuple[date, ...]) -> str:
        return f"Reassess on {iso_dates(dates)}."

    def maintenance(self, days: int) -> str:
        return f"After the course, a maintenance visit is due every {days} days."

    def evidence(self) -> str:
        return (
            "This is a planning estimate, not a promise: the evidence for mesotherapy in "
            "cellulite is limited."
        )


def _position(value: int, low: int, high: int) -> str:
    if value <= low:
        return "at the bottom"
    if value >= high:
        return "at the top"
    # Thirds of the range, compared in whole numbers.
    if 3 * (value - low) < high - low:
        return "in the lower part"
    if 3 * (value - low) > 2 * (high - low):
        return "in the upper part"
    return "in the middle"
