"""Courses for the tests, with their prerequisites (screening, consent, a signed
assessment) written through the real services of those apps."""

from datetime import date, timedelta

import pytest

from mesoclinic.assessments.services import assessment_create, assessment_sign
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.estimates import area_assessments
from mesoclinic.courses.services import course_create, course_start
from mesoclinic.courses.session_count import course_record_session_done
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.domain.estimate import PlanRequest, estimate_course
from mesoclinic.planning.protocol import current_protocol
from tests.conftest import actor
from tests.screening.conftest import XSS_NAME, screen, sign_consent, xss_patient  # noqa: F401

__all__ = ["XSS_NAME", "assess", "expected_estimate", "plan", "record_sessions"]


def assess(
    patient,
    user,
    grade: int = 2,
    css=None,
    *,
    on: date | None = None,
    kind: str = "initial",
    signed: bool = True,
):
    """An assessment of both thighs at `grade` (CSS items A–D given as `css`)."""
    items = (*css, grade) if css is not None else (None,) * 5
    assessment = assessment_create(
        actor=actor(user),
        patient_id=patient.id,
        assessed_on=on or clinic_today(patient.clinic),
        kind=kind,
        areas=[
            AreaEntry(area="thighs", side="left", nm_grade=grade, css_items=items),
            AreaEntry(area="thighs", side="right", nm_grade=grade),
        ],
    )
    if signed:
        assessment_sign(actor=actor(user), assessment=assessment)
        assessment.refresh_from_db()
    return assessment


def expected_estimate(assessment, start, cadence_days=7, expectation="modest", lifestyle=False):
    """The estimator's own answer for this assessment, to compare what a course shows."""
    request = PlanRequest(
        areas=area_assessments(assessment),
        start=start,
        cadence_days=cadence_days,
        expectation=expectation,
        lifestyle=lifestyle,
    )
    return estimate_course(request, current_protocol())


def plan(patient, user, **values):
    """A course from the latest assessment: weekly, modest, no programme, starting today."""
    arguments = {
        "starts_on": clinic_today(patient.clinic),
        "cadence_days": 7,
        "expectation": "modest",
        "lifestyle": False,
        **values,
    }
    return course_create(actor=actor(user), patient=patient, **arguments)


def record_sessions(course, user, count: int, first: date | None = None, every: int = 7):
    """`count` sessions done, `every` days apart, the last one today at the latest."""
    today = clinic_today(course.clinic)
    first = first or today - timedelta(days=every * (count - 1))
    for index in range(count):
        course = course_record_session_done(
            actor=actor(user), course=course, on=first + timedelta(days=index * every)
        )
    return course


@pytest.fixture
def today(patient) -> date:
    return clinic_today(patient.clinic)


@pytest.fixture
def ready(patient, practitioner):
    """A clear screening today and the signed consent: nothing blocks a course."""
    screen(patient, practitioner)
    sign_consent(patient, practitioner)
    return patient


@pytest.fixture
def grade_two(ready, practitioner):
    """Signed: grade 2, CSS 2,2,1,1,2 = 8 (moderate), so 10–15 sessions."""
    return assess(
        ready, practitioner, 2, (2, 2, 1, 1), on=clinic_today(ready.clinic) - timedelta(days=3)
    )


@pytest.fixture
def grade_three(ready, practitioner):
    return assess(
        ready, practitioner, 3, (2, 2, 2, 2), on=clinic_today(ready.clinic) - timedelta(days=3)
    )


@pytest.fixture
def course(grade_two, practitioner, patient):
    return plan(patient, practitioner)


@pytest.fixture
def active(course, practitioner):
    return course_start(actor=actor(practitioner), course=course)
