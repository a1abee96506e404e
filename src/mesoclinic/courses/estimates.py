"""An assessment's stored area scores put into the estimate's terms, and the estimate a
course (or its next block) is planned with. The numbers are the domain's, never ours."""

from datetime import date

from mesoclinic.assessments.models import AreaScore, Assessment
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import (
    AreaAssessment,
    CourseEstimate,
    Expectation,
    PlanRequest,
    estimate_course,
)
from mesoclinic.domain.grading import CSSScore
from mesoclinic.domain.protocol import Protocol


def area_assessment(row: AreaScore) -> AreaAssessment:
    """One stored area and side: all five CSS items when scored, else the total if one
    was kept, else no CSS. An empty side is an area without sides."""
    a, b, c, d, e = row.css_items
    if a is not None and b is not None and c is not None and d is not None and e is not None:
        css = CSSScore(a=a, b=b, c=c, d=d, e=e)
        return AreaAssessment(row.area, row.side or None, row.nm_grade, css=css)
    return AreaAssessment(row.area, row.side or None, row.nm_grade, css_total=row.css_total)


def area_assessments(assessment: Assessment) -> tuple[AreaAssessment, ...]:
    return tuple(area_assessment(row) for row in assessment.areas.all())


def estimate_from(
    assessment: Assessment,
    protocol: Protocol,
    *,
    starts_on: date,
    cadence_days: int,
    expectation: Expectation,
    lifestyle: bool,
) -> CourseEstimate:
    """The course estimate from this assessment. An assessment the current protocol
    cannot read (an area it no longer has, say) is refused naming the assessment."""
    try:
        areas = area_assessments(assessment)
    except DomainError as error:
        raise DomainError(
            "assessment",
            f"The assessment of {assessment.assessed_on.isoformat()} cannot be used for a plan: "
            f"{error.message} Amend the assessment, then plan again.",
        ) from error
    try:
        request = PlanRequest(
            areas=areas,
            start=starts_on,
            cadence_days=cadence_days,
            expectation=expectation,
            lifestyle=lifestyle,
        )
    except DomainError as error:
        # A course calls the first session `starts_on`: the refusal goes beside that box.
        field = "starts_on" if error.field == "start" else error.field
        raise DomainError(field, error.message) from error
    try:
        return estimate_course(request, protocol)
    except DomainError as error:
        if error.field in ("area", "side", "areas"):
            raise DomainError(
                "assessment",
                f"The assessment of {assessment.assessed_on.isoformat()} does not fit the "
                f"clinic's protocol: {error.message}",
            ) from error
        raise
