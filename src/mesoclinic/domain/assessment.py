"""An assessment: each body area (and side) graded, scored and measured at one visit.

The grade can be typed or follow from the exam findings; findings win when given, since
they are what was actually seen. CSS items A–D are scored all or not at all; item E is
the NM grade, taken from it. GAIS rates change since an earlier visit, so it belongs on
follow-ups only (GAIS: 1 very much improved, 2 much improved, 3 improved, 4 no change,
5 worse). A circumference is only comparable at the same landmark, so it needs one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from mesoclinic.domain.errors import DomainError, Problems
from mesoclinic.domain.estimate import AreaAssessment, most_severe_area
from mesoclinic.domain.grading import (
    CSS_ITEMS,
    CSSScore,
    ExamFindings,
    check_nm_grade,
    nm_grade_from_findings,
)
from mesoclinic.domain.plausible import date_problem
from mesoclinic.domain.protocol_model import Protocol
from mesoclinic.domain.wording import span

AssessmentKind = Literal["initial", "follow_up"]
ASSESSMENT_KINDS: tuple[AssessmentKind, ...] = ("initial", "follow_up")

GAIS_SCORES: dict[int, str] = {
    1: "very much improved",
    2: "much improved",
    3: "improved",
    4: "no change",
    5: "worse",
}

# Typing guards, not clinical thresholds: they catch a slipped decimal point or a value
# typed into the wrong box, and are wide enough for any adult body.
WEIGHT_KG_RANGE = (Decimal(20), Decimal(400))
CIRCUMFERENCE_CM_RANGE = (Decimal(10), Decimal(300))
LANDMARK_MAX_LENGTH = 200

CSSItems = tuple[int | None, int | None, int | None, int | None, int | None]
NO_CSS: CSSItems = (None, None, None, None, None)


@dataclass(frozen=True)
class AreaEntry:
    """One area and side as entered: a grade or the findings it follows from, optional
    CSS items A–E, an optional circumference at a named landmark, and GAIS on follow-ups."""

    area: str
    side: str | None
    nm_grade: int | None = None
    findings: ExamFindings | None = None
    css_items: CSSItems = NO_CSS
    circumference_cm: Decimal | None = None
    landmark: str = ""
    gais: int | None = None


@dataclass(frozen=True)
class ScoredArea:
    area: str
    side: str | None
    nm_grade: int
    graded_from_findings: bool
    css: CSSScore | None
    css_total: int | None
    css_band: str | None
    circumference_cm: Decimal | None
    landmark: str
    gais: int | None

    def as_area_assessment(self) -> AreaAssessment:
        return AreaAssessment(area=self.area, side=self.side, nm_grade=self.nm_grade, css=self.css)


def check_kind(kind: str) -> AssessmentKind:
    for known in ASSESSMENT_KINDS:
        if kind == known:
            return known
    raise DomainError("kind", f"Kind must be initial or follow_up; got {kind!r}.")


def check_assessed_on(assessed_on: date, today: date) -> date:
    if (problem := date_problem(assessed_on)) is not None:
        raise DomainError("assessed_on", problem)
    if assessed_on > today:
        raise DomainError("assessed_on", "An assessment cannot be dated in the future.")
    return assessed_on


def check_weight_kg(weight: Decimal | None) -> Decimal | None:
    low, high = WEIGHT_KG_RANGE
    if weight is not None and not low <= weight <= high:
        raise DomainError(
            "weight_kg", f"Weight must be {span(int(low), int(high))} kg; got {weight}."
        )
    return weight


def check_gais(gais: int | None, kind: AssessmentKind) -> int | None:
    if gais is None:
        return None
    if kind == "initial":
        raise DomainError(
            "gais",
            "GAIS rates the change since an earlier assessment: "
            "leave it empty on an initial assessment.",
        )
    if isinstance(gais, bool) or gais not in GAIS_SCORES:
        raise DomainError("gais", f"GAIS must be {span(1, 5)}; got {gais!r}.")
    return gais


def css_items_given(items: CSSItems) -> bool:
    """Whether a CSS was scored: items A–D all given (True) or none (False)."""
    typed = items[:4]
    if all(item is None for item in typed):
        return False
    for name, item in zip(CSS_ITEMS, typed, strict=False):
        if item is None:
            raise DomainError(
                f"css.{name}", "Score all four CSS items A–D, or none of them (E is the NM grade)."
            )
    return True


def css_from_items(items: CSSItems, nm_grade: int) -> CSSScore | None:
    """Items A–D all scored, or none (no CSS). Item E is the NM grade, so it is taken from
    the grade rather than typed again; an E given all the same must agree with it."""
    typed, given_e = items[:4], items[4]
    if not css_items_given(items):
        return None
    if given_e is not None and given_e != nm_grade:
        raise DomainError(
            "css.E",
            f"CSS item E is the NM grade ({nm_grade}) but was given as {given_e}: "
            "correct one of them.",
        )
    a, b, c, d = (item for item in typed if item is not None)
    return CSSScore(a=a, b=b, c=c, d=d, e=nm_grade)


def _check_side(entry: AreaEntry, protocol: Protocol) -> None:
    area = protocol.area(entry.area)
    if area.sides and entry.side not in area.sides:
        # Measured and photographed per side, so a paired area is recorded per side.
        raise DomainError(
            "side",
            f"{area.label} are assessed one side at a time: "
            f"choose {' or '.join(area.sides)}; got {entry.side!r}.",
        )
    if not area.sides and entry.side is not None:
        raise DomainError(
            "side", f"{area.label} has no sides: leave the side empty; got {entry.side!r}."
        )


def _check_circumference(entry: AreaEntry) -> None:
    if entry.circumference_cm is None:
        return
    low, high = CIRCUMFERENCE_CM_RANGE
    if not low <= entry.circumference_cm <= high:
        raise DomainError(
            "circumference_cm",
            f"Circumference must be {span(int(low), int(high))} cm; got {entry.circumference_cm}.",
        )
    if not entry.landmark.strip():
        raise DomainError(
            "landmark",
            "Name the landmark the tape was at (e.g. 18 cm above the top of the kneecap), "
            "so the next measurement repeats it.",
        )


NO_GRADE = "Give the NM grade, or the exam findings it follows from."


def score_area(entry: AreaEntry, *, kind: AssessmentKind, protocol: Protocol) -> ScoredArea:
    """Check one entry and compute its grade, CSS total and band. Every problem of the
    entry is reported at once (a DomainErrors when there are several)."""
    problems = Problems()
    with problems.check():
        _check_side(entry, protocol)
    grade: int | None = None
    with problems.check():
        if entry.findings is not None:
            grade = nm_grade_from_findings(entry.findings)
        elif entry.nm_grade is not None:
            grade = check_nm_grade(entry.nm_grade)
        else:
            raise DomainError("nm_grade", NO_GRADE)
    css: CSSScore | None = None
    with problems.check():
        # Without a grade, items A–D are still checked; E is compared once there is one.
        css = css_from_items(entry.css_items, grade) if grade is not None else None
        if grade is None:
            css_items_given(entry.css_items)
    with problems.check():
        _check_circumference(entry)
    with problems.check():
        if len(entry.landmark) > LANDMARK_MAX_LENGTH:
            raise DomainError(
                "landmark", f"Keep the landmark under {LANDMARK_MAX_LENGTH} characters."
            )
    gais: int | None = None
    with problems.check():
        gais = check_gais(entry.gais, kind)
    problems.raise_any()
    if grade is None:  # already reported above; this tells the type checker
        raise DomainError("nm_grade", NO_GRADE)
    band = protocol.band_for(css.total) if css is not None else None
    return ScoredArea(
        area=entry.area,
        side=entry.side,
        nm_grade=grade,
        graded_from_findings=entry.findings is not None,
        css=css,
        css_total=css.total if css is not None else None,
        css_band=band.name if band is not None else None,
        circumference_cm=entry.circumference_cm,
        landmark=entry.landmark.strip(),
        gais=gais,
    )


def score_areas(
    entries: Sequence[AreaEntry], *, kind: AssessmentKind, protocol: Protocol
) -> tuple[ScoredArea, ...]:
    """Every entry scored; each error names its entry, e.g. field "areas.1.css.E", and the
    problems of all entries are reported together."""
    if not entries:
        raise DomainError("areas", "Assess at least one body area.")
    problems = Problems()
    seen: set[tuple[str, str | None]] = set()
    scored = []
    for index, entry in enumerate(entries):
        with problems.check(f"areas.{index}."):
            if (entry.area, entry.side) in seen:
                raise DomainError(
                    "area",
                    f"{protocol.area(entry.area).label} ({entry.side or 'no side'}) is given "
                    "twice: give each area and side once.",
                )
            seen.add((entry.area, entry.side))
            scored.append(score_area(entry, kind=kind, protocol=protocol))
    problems.raise_any()
    return tuple(scored)


def worst_area(areas: Sequence[ScoredArea], protocol: Protocol) -> ScoredArea | None:
    """The area a course would be planned from, chosen exactly as the estimator chooses it
    (highest grade, then highest CSS total, then protocol order)."""
    known = {area.key for area in protocol.body_areas}
    # An old record may name an area a later protocol dropped; it cannot be ranked.
    rankable = [area for area in areas if area.area in known]
    if not rankable:
        return None
    driving = most_severe_area(tuple(area.as_area_assessment() for area in rankable), protocol)
    return next(a for a in rankable if (a.area, a.side) == (driving.area, driving.side))
