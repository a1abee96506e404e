"""Turn what a person typed (CLI flags, form fields) into the domain's plan request.

One translation for both, so the CLI and the page cannot disagree. The domain checks
every value; this module only maps names (`thighs:left`, `weekly`) onto it.
"""

from collections.abc import Sequence
from datetime import date
from typing import cast

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import AreaAssessment, Expectation, PlanRequest
from mesoclinic.domain.grading import CSSScore, check_nm_grade
from mesoclinic.domain.protocol import Protocol


def parse_area(spec: str) -> tuple[str, str | None]:
    """`thighs` (both sides, or an area without sides) or `thighs:left`."""
    key, _, side = spec.strip().partition(":")
    return key, side or None


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
    # The protocol lists its most treated area first; that is the default.
    specs = list(areas) or [protocol.body_areas[0].key]
    assessments = tuple(
        AreaAssessment(area=key, side=side, nm_grade=grade, css=css, css_total=css_total)
        for key, side in map(parse_area, specs)
    )
    return PlanRequest(
        areas=assessments,
        start=start,
        cadence_days=cadence_days(cadence, protocol),
        expectation=cast(Expectation, expectation),  # checked by PlanRequest
        lifestyle=lifestyle,
    )
