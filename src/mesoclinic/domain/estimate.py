"""From graded body areas to an explained course estimate.

The worst area sets the count. Its NM grade (and CSS band) picks a range of sessions from
the protocol; where the CSS total sits picks a starting point inside it; the patient's
expectation and an exercise and diet programme move it by the clinic's settings; the range
has the last word. Every step adds a plain sentence to the explanation, because staff have
to be able to tell a patient why, and no step promises a result.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.grading import CSSScore, check_css_total, check_nm_grade, css_total_limits
from mesoclinic.domain.plan_wording import PlanWording
from mesoclinic.domain.plausible import date_problem
from mesoclinic.domain.protocol import GradeRule, Protocol, SessionRange
from mesoclinic.domain.reassessment import CourseCounts, reassessment_points
from mesoclinic.domain.wording import span

Expectation = Literal["modest", "marked"]
EXPECTATIONS: tuple[Expectation, ...] = ("modest", "marked")


@dataclass(frozen=True)
class AreaAssessment:
    """One body area (and side) as graded at the assessment.

    `side` None means both sides of a paired area, or an area that has no sides. Give the
    CSS either item by item (`css`) or as a total (`css_total`), not both.
    """

    area: str
    side: str | None
    nm_grade: int
    css: CSSScore | None = None
    css_total: int | None = None

    def __post_init__(self) -> None:
        check_nm_grade(self.nm_grade)
        if self.css is not None and self.css_total is not None:
            raise DomainError("css", "Give the CSS items or the CSS total, not both.")
        if self.css is not None and self.css.e != self.nm_grade:
            raise DomainError(
                "css.E",
                f"CSS item E is the NM grade ({self.nm_grade}) but was given as {self.css.e}: "
                "correct one of them.",
            )
        if self.css_total is not None:
            check_css_total(self.css_total)
            low, high = css_total_limits(self.nm_grade)
            if not low <= self.css_total <= high:
                raise DomainError(
                    "css_total",
                    f"With NM grade {self.nm_grade} the CSS total must be {span(low, high)}, "
                    f"since item E is the grade itself; got {self.css_total}.",
                )

    @property
    def known_css_total(self) -> int | None:
        return self.css.total if self.css is not None else self.css_total


@dataclass(frozen=True)
class PlanRequest:
    areas: tuple[AreaAssessment, ...]
    start: date
    cadence_days: int = 7
    expectation: Expectation = "modest"
    lifestyle: bool = False  # follows an exercise and diet programme

    def __post_init__(self) -> None:
        if not self.areas:
            raise DomainError("areas", "Assess at least one body area.")
        # A datetime is a date too, but would put times into the plan's dates.
        if not isinstance(self.start, date) or isinstance(self.start, datetime):
            raise DomainError("start", f"The start must be a calendar date; got {self.start!r}.")
        if (problem := date_problem(self.start)) is not None:
            raise DomainError("start", problem)
        if self.expectation not in EXPECTATIONS:
            raise DomainError(
                "expectation",
                f"Expectation must be 'modest' or 'marked'; got {self.expectation!r}.",
            )
        if not isinstance(self.lifestyle, bool):
            raise DomainError("lifestyle", f"Lifestyle must be yes or no; got {self.lifestyle!r}.")


@dataclass(frozen=True)
class CourseEstimate:
    sessions_min: int
    sessions_max: int | None
    recommended: int
    cadence_days: int
    session_minutes: int
    dates: tuple[date, ...]
    first_improvement: tuple[date, date] | None
    reassessment_dates: tuple[date, ...]
    maintenance_interval_days: int | None
    uncertain: bool
    explanation: tuple[str, ...]
    driving_area: AreaAssessment | None
    protocol_name: str
    protocol_version: str


def estimate_course(request: PlanRequest, protocol: Protocol) -> CourseEstimate:
    _check_against_protocol(request, protocol)
    worst = most_severe_area(request.areas, protocol)
    rule = protocol.grades[worst.nm_grade]
    total = worst.known_css_total
    band = protocol.band_for(total) if total is not None else None
    sessions = rule.range_for(band)
    words = PlanWording(protocol, rule)
    lines = [words.driving_area(worst, len(request.areas))]

    if rule.kind == "none":
        lines.append(words.no_course())
        recommended = 0
    else:
        lines.append(words.session_range(sessions, band, total))
        recommended = _recommended(request, protocol, rule, sessions, total, lines, words)
        lines.append(words.recommended(recommended, request.cadence_days))
    dates = tuple(
        request.start + timedelta(days=i * request.cadence_days) for i in range(recommended)
    )

    first_improvement: tuple[date, date] | None = None
    reassessments: tuple[date, ...] = ()
    if rule.kind == "treatment":
        early, late = protocol.first_improvement_days
        first_improvement = (
            request.start + timedelta(days=early),
            request.start + timedelta(days=late),
        )
        lines.append(words.first_improvement(first_improvement))
        if rule.uncertain:
            lines.append(words.uncertain(recommended))
        reassessments = _reassessment_dates(
            dates, protocol.outcomes.reassess_every_sessions, rule.block_sessions
        )
        lines.append(words.reassessments(reassessments))
        if rule.maintenance_interval_days is not None:
            lines.append(words.maintenance(rule.maintenance_interval_days))
    if rule.kind != "none":
        lines.append(words.evidence())

    return CourseEstimate(
        sessions_min=sessions.low,
        sessions_max=sessions.high,
        recommended=recommended,
        cadence_days=request.cadence_days,
        session_minutes=protocol.session_minutes,
        dates=dates,
        first_improvement=first_improvement,
        reassessment_dates=reassessments,
        maintenance_interval_days=rule.maintenance_interval_days,
        uncertain=rule.uncertain,
        explanation=tuple(lines),
        driving_area=worst,
        protocol_name=protocol.name,
        protocol_version=protocol.version,
    )


def _recommended(
    request: PlanRequest,
    protocol: Protocol,
    rule: GradeRule,
    sessions: SessionRange,
    total: int | None,
    lines: list[str],
    words: PlanWording,
) -> int:
    """A count inside the range: a starting point from the CSS total, moved by expectation
    and lifestyle, kept in range. Open-ended ranges plan up to one block above the minimum."""
    low, high = sessions.low, rule.planning_high(sessions)
    if low == high:
        if request.expectation == "marked" or request.lifestyle:
            lines.append(words.fixed_count(low))
        return low
    middle = low + (high - low + 1) // 2  # rounding half up
    if total is None:
        start = middle
        lines.append(words.start_without_css(start, sessions))
    else:
        first, last = _css_totals_sharing_range(rule, protocol, total)
        if first == last:
            start = middle
        else:
            # Round half up in whole numbers, so the same inputs give the same count anywhere.
            steps = 2 * (total - first) * (high - low) + (last - first)
            start = low + steps // (2 * (last - first))
        lines.append(words.start_from_css(start, sessions, total))
    shift = protocol.marked_expectation_shift if request.expectation == "marked" else 0
    lines.append(words.expectation(request.expectation, shift))
    lifestyle = protocol.lifestyle_shift if request.lifestyle else 0
    lines.append(words.lifestyle(request.lifestyle, lifestyle))
    wanted = start + shift + lifestyle
    recommended = min(max(wanted, low), high)
    if recommended != wanted:
        lines.append(words.clamped(recommended, sessions))
    return recommended


def _css_totals_sharing_range(rule: GradeRule, protocol: Protocol, total: int) -> tuple[int, int]:
    """The CSS totals possible at this grade that lead to the same session range.

    The total is placed among these rather than within its own band: at grade 2 the
    moderate and severe bands share 10-15 sessions, and placing by band would drop the
    count from the top (CSS 10) to the bottom (CSS 11) at the band edge.
    """
    sessions = rule.range_for(protocol.band_for(total))
    low, high = css_total_limits(rule.grade)
    sharing = [
        other
        for other in range(low, high + 1)
        if rule.range_for(protocol.band_for(other)) == sessions
    ]
    return sharing[0], sharing[-1]


def _reassessment_dates(dates: tuple[date, ...], every: int, block: int | None) -> tuple[date, ...]:
    """The planned sessions a reassessment falls due at, by the same rule the course
    follows once it runs (`domain.reassessment`): every few sessions, each block's last
    session, and the last session of the course."""
    if not dates:
        return ()
    total = len(dates)
    blocks = (
        tuple(min(block, total - start) for start in range(0, total, block)) if block else (total,)
    )
    counts = CourseCounts(
        every=every,
        in_blocks=block is not None,
        blocks=blocks,
        completed=True,
        stopped=False,
        session_dates=(),
        reassessed_on=(),
    )
    return tuple(dates[point.at_session - 1] for point in reassessment_points(counts))


def _check_against_protocol(request: PlanRequest, protocol: Protocol) -> None:
    cadence = request.cadence_days
    if isinstance(cadence, bool) or cadence not in protocol.cadences.values():
        choices = " or ".join(f"{days} ({name})" for name, days in protocol.cadences.items())
        raise DomainError("cadence", f"Cadence must be {choices} days; got {cadence!r}.")
    seen: dict[str, set[str | None]] = {}
    for assessment in request.areas:
        area = protocol.area(assessment.area)
        if area.sides and assessment.side is not None and assessment.side not in area.sides:
            sides = " or ".join(area.sides)
            raise DomainError(
                "side",
                f"Side for {area.key} must be {sides}, or empty for both; got {assessment.side!r}.",
            )
        if not area.sides and assessment.side is not None:
            raise DomainError(
                "side", f"{area.label} has no sides: leave the side empty; got {assessment.side!r}."
            )
        sides_seen = seen.setdefault(area.key, set())
        # "Both sides" (None) overlaps any single side, so it may not be combined with one.
        if assessment.side in sides_seen or (sides_seen and None in (assessment.side, *sides_seen)):
            raise DomainError(
                "areas", f"{area.label} is assessed more than once; give each area and side once."
            )
        sides_seen.add(assessment.side)


def most_severe_area(areas: tuple[AreaAssessment, ...], protocol: Protocol) -> AreaAssessment:
    """Highest NM grade; then highest CSS total (unknown counts lowest); then the area
    listed first in the protocol; then the one given first."""
    order = {area.key: index for index, area in enumerate(protocol.body_areas)}

    def severity(item: tuple[int, AreaAssessment]) -> tuple[int, int, int, int]:
        given, assessment = item
        total = assessment.known_css_total
        return (
            -assessment.nm_grade,
            -(total if total is not None else -1),
            order[assessment.area],
            given,
        )

    return min(enumerate(areas), key=severity)[1]


def estimate_as_json(estimate: CourseEstimate) -> dict[str, object]:
    """The estimate in the stable JSON shape other programs read."""
    window = estimate.first_improvement
    return {
        "sessions": {
            "min": estimate.sessions_min,
            "max": estimate.sessions_max,
            "recommended": estimate.recommended,
        },
        "cadence_days": estimate.cadence_days,
        "session_minutes": estimate.session_minutes,
        "dates": [day.isoformat() for day in estimate.dates],
        "first_improvement": (
            None if window is None else {"from": window[0].isoformat(), "to": window[1].isoformat()}
        ),
        "maintenance_interval_days": estimate.maintenance_interval_days,
        "uncertain": estimate.uncertain,
        "explanation": list(estimate.explanation),
        "protocol": {"name": estimate.protocol_name, "version": estimate.protocol_version},
    }


__all__ = [
    "AreaAssessment",
    "CourseEstimate",
    "Expectation",
    "PlanRequest",
    "estimate_as_json",
    "estimate_course",
]
