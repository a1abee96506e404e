"""A course with a baseline worth reassessing: both thighs graded, the left with its CSS
and a circumference at a landmark, photographed in two poses; sessions weekly up to today."""

from datetime import timedelta
from decimal import Decimal

from mesoclinic.assessments.services import (
    assessment_create,
    assessment_sign,
    photo_add,
    reassessment_create,
)
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.services import course_start
from mesoclinic.domain.assessment import AreaEntry
from tests.assessments.conftest import jpeg_bytes, upload
from tests.conftest import actor
from tests.courses.conftest import plan, record_sessions

LANDMARK = "18 cm above the top of the kneecap"


def baseline_for(patient, user, days_ago: int = 80, grade: int = 2):
    today = clinic_today(patient.clinic)
    baseline = assessment_create(
        actor=actor(user),
        patient_id=patient.id,
        assessed_on=today - timedelta(days=days_ago),
        kind="initial",
        areas=[
            AreaEntry(
                area="thighs",
                side="left",
                nm_grade=grade,
                css_items=(2, 2, 1, 1, grade),
                circumference_cm=Decimal("58.5"),
                landmark=LANDMARK,
            ),
            AreaEntry(area="thighs", side="right", nm_grade=2),
        ],
    )
    for pose in ("back_relaxed", "left_side"):
        photo_add(actor=actor(user), assessment=baseline, pose=pose, upload=upload(jpeg_bytes()))
    return assessment_sign(actor=actor(user), assessment=baseline)


def course_with_sessions(patient, user, sessions: int, days_ago: int = 80):
    """An active course from a fresh baseline, `sessions` done weekly, the last today."""
    baseline = baseline_for(patient, user, days_ago)
    course = plan(patient, user, starts_on=baseline.assessed_on + timedelta(days=1))
    course = course_start(actor=actor(user), course=course)
    if sessions:
        course = record_sessions(course, user, sessions)
    return course


def reassess(course, user, *, css=(1, 1, 1, 1), cm="57.0", gais=3, **values):
    """A reassessment of both thighs today through the service (not signed)."""
    return reassessment_create(
        actor=actor(user),
        course_id=course.id,
        assessed_on=values.pop("assessed_on", clinic_today(course.clinic)),
        areas=[
            AreaEntry(
                area="thighs",
                side="left",
                nm_grade=2,
                css_items=(*css, None),
                circumference_cm=Decimal(cm),
                gais=gais,
            ),
            AreaEntry(area="thighs", side="right", nm_grade=2, gais=gais),
        ],
        **values,
    )
