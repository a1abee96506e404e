"""Course progress built by hand for the domain tests: a baseline of the left and right
thighs, reassessments of the same, weekly sessions from a fixed first day."""

from datetime import date, timedelta
from decimal import Decimal

from mesoclinic.domain.progress import AreaReading, CourseProgressData, Visit, progress_data
from mesoclinic.domain.protocol import Protocol

FIRST_SESSION = date(2026, 9, 1)


def reading(
    css: int | None = 9,
    cm: str | None = "60.5",
    side: str = "left",
    grade: int = 2,
    gais: int | None = None,
    landmark: str = "18 cm above the kneecap",
) -> AreaReading:
    return AreaReading(
        area="thighs",
        side=side,
        nm_grade=grade,
        css_items=(None, None, None, None, None),
        css_total=css,
        circumference_cm=None if cm is None else Decimal(cm),
        landmark=landmark if cm is not None else "",
        gais=gais,
    )


def visit(ident: int, on: date, *readings: AreaReading, baseline: bool = False, **extra) -> Visit:
    return Visit(
        assessment_id=ident,
        on=on,
        baseline=baseline,
        weight_kg=extra.get("weight"),
        satisfaction=extra.get("satisfaction"),
        patient_gais=extra.get("patient_gais"),
        readings=readings,
    )


def course(
    protocol: Protocol,
    later: list[Visit],
    sessions: int = 6,
    base: tuple[AreaReading, ...] | None = None,
) -> CourseProgressData:
    baseline = visit(1, FIRST_SESSION - timedelta(days=3), *(base or (reading(),)), baseline=True)
    return progress_data(
        course_id=7,
        baseline=baseline,
        reassessments=later,
        session_dates=[FIRST_SESSION + timedelta(days=7 * n) for n in range(sessions)],
        index=("thighs", "left"),
        protocol=protocol,
    )
