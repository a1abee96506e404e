"""Turn what a person typed (CLI flags, form fields) into the domain's plan request.

One translation for both, so the CLI and the page cannot disagree.
"""

from collections.abc import Sequence
from datetime import date

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import AreaAssessment, Expectation, PlanRequest
from mesoclinic.domain.grading import CSSScore, check_css_total, check_nm_grade
from mesoclinic.domain.protocol import Protocol

EXPECTATIONS: tuple[Expectation, ...] = ("modest", "marked")


def parse_area(spec: str, protocol: Protocol) -> tuple[str, str | None]:
    """`thighs` (both sides, or an area without sides) or `thighs:left`."""
    key, _, side = spec.strip().partition(":")
    area = protocol.area(key)
    if side and side not in area.sides:
        allowed = " or ".join(area.sides) if area.sides else "no side"
        raise DomainError("side", f"Side of {area.key} must be {allowed}; got {side!r}.")
    return area.key, side or None


def cadence_days(name: str, protocol: Protocol) -> int:
    if name not in protocol.cadences:
        allowed = " or ".join(protocol.cadences)
        raise DomainError("cadence", f"Cadence must be {allowed}; got {name!r}.")
    return protocol.cadences[name]


def plan_request_from(
    *,
    protocol: Protocol,
    grade: int,
    start: date,
    css: CSSScore | None = None,
    css_total: int | None = None,
    areas: Sequence[str] = (),
    cadence: str = "weekly",
    expectation: str = "modest",
    lifestyle: bool = False,
) -> PlanRequest:
    check_nm_grade(grade)
    if css is not None and css_total is not None:
        raise DomainError("css_total", "Give either the five CSS items or the CSS total, not both.")
    if css_total is not None:
        check_css_total(css_total)
    if expectation not in EXPECTATIONS:
        raise DomainError(
            "expectation", f"Expectation must be modest or marked; got {expectation!r}."
        )
    # The protocol lists its most treated area first; that is the default.
    specs = list(areas) or [protocol.body_areas[0].key]
    assessments = tuple(
        AreaAssessment(area=key, side=side, nm_grade=grade, css=css, css_total=css_total)
        for key, side in (parse_area(spec, protocol) for spec in specs)
    )
    return PlanRequest(
        areas=assessments,
        start=start,
        cadence_days=cadence_days(cadence, protocol),
        expectation="marked" if expectation == "marked" else "modest",
        lifestyle=lifestyle,
    )
