"""Completed courses measured at both ends: the baseline the course was planned from and
its final assessment (the latest signed, active reassessment linked to the course).

Read in four queries whatever the clinic's size; both the outcome figures and the research
export are built from these rows, so they cannot disagree. No access checks here: callers
make them first.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from mesoclinic.assessments.models import AreaScore, Assessment
from mesoclinic.assessments.presenters import scored_from_row
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.domain.outcomes import AreaChange, AreaKey, AreaMeasure, index_area
from mesoclinic.domain.protocol_model import Protocol
from mesoclinic.patients.models import RecordStatus

# Only what the figures read: a clinic's full rows cost more to build than to fetch.
COURSE_FIELDS = (
    "patient_id",
    "patient__date_of_birth",
    "nm_grade",
    "sessions_done_total",
    "cadence_days",
    "assessment__assessed_on",
)
AREA_FIELDS = (
    "assessment_id",
    "area",
    "side",
    "nm_grade",
    "visible_lying",
    *(f"css_{item}" for item in "abcde"),
    "css_total",
    "css_band",
    "circumference_cm",
    "landmark",
    "gais",
)


@dataclass(frozen=True)
class MeasuredCourse:
    patient_id: int
    date_of_birth: date
    grade: int
    sessions: int
    cadence_days: int
    baseline_on: date
    final_on: date
    index: AreaKey | None
    areas: tuple[AreaChange, ...]  # every area measured at both ends, baseline order

    @property
    def index_change(self) -> AreaChange | None:
        return next((c for c in self.areas if c.baseline.key == self.index), None)


def _measure(row: AreaScore) -> AreaMeasure:
    return AreaMeasure(row.area, row.side, row.nm_grade, row.css_total, row.circumference_cm)


def measured_courses(clinic: Clinic, protocol: Protocol) -> list[MeasuredCourse]:
    completed = Course.objects.filter(
        clinic=clinic,
        state=CourseState.COMPLETED,
        status=RecordStatus.ACTIVE,
        patient__status=RecordStatus.ACTIVE,  # a patient entered in error counts nowhere
    )
    finals = Assessment.objects.filter(
        course__in=completed, status=RecordStatus.ACTIVE, signed_at__isnull=False
    ).order_by("course_id", "-assessed_on", "-id")
    final_of: dict[int, tuple[int, date]] = {}
    for assessment_id, course_id, assessed_on in finals.values_list(
        "id", "course_id", "assessed_on"
    ):
        final_of.setdefault(course_id, (assessment_id, assessed_on))
    courses = list(
        completed.filter(id__in=finals.values("course_id"))
        .select_related("assessment", "patient")
        .only(*COURSE_FIELDS)
        .order_by("id")
    )
    wanted = {c.assessment_id for c in courses} | {a for a, _ in final_of.values()}
    rows: dict[int, list[AreaScore]] = defaultdict(list)
    # Both ends' areas in one query; reassessments before the final one are dropped here.
    area_rows = AreaScore.objects.filter(
        Q(assessment_id__in=completed.values("assessment_id"))
        | Q(assessment_id__in=finals.values("id"))
    )
    for row in area_rows.only(*AREA_FIELDS).order_by("id"):
        if row.assessment_id in wanted:
            rows[row.assessment_id].append(row)
    measured = []
    for course in courses:
        final_id, final_on = final_of[course.id]
        baseline = rows[course.assessment_id]
        later = {(r.area, r.side): _measure(r) for r in rows[final_id]}
        changes = tuple(
            AreaChange(_measure(r), later[(r.area, r.side)], protocol.outcomes)
            for r in baseline
            if (r.area, r.side) in later
        )
        measured.append(
            MeasuredCourse(
                patient_id=course.patient_id,
                date_of_birth=course.patient.date_of_birth,
                grade=course.nm_grade,
                sessions=course.sessions_done_total,
                cadence_days=course.cadence_days,
                baseline_on=course.assessment.assessed_on,
                final_on=final_on,
                index=index_area([scored_from_row(r) for r in baseline], protocol),
                areas=changes,
            )
        )
    return measured
