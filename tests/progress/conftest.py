"""Courses with a progress to read: a signed baseline, sessions charted through
`session_chart`, and signed reassessments of the course through `reassessment_create`."""

from datetime import timedelta
from decimal import Decimal

import pytest

from mesoclinic.assessments.services import (
    assessment_create,
    assessment_sign,
    reassessment_create,
)
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.services import course_start
from mesoclinic.domain.assessment import AreaEntry
from tests.adverse_events.conftest import chart
from tests.charting.conftest import caffeine, caffeine_lot  # noqa: F401
from tests.conftest import actor
from tests.courses.conftest import plan
from tests.screening.conftest import screen, sign_consent

LANDMARK = "18 cm above the kneecap"
SESSION_DAYS_AGO = (50, 43, 36, 29, 22, 15)


def measure(patient, user, days_ago, css, cm, *, course=None, weight="62.0", signed=True, **rating):
    """A signed assessment of both thighs: the left at CSS items `css` (A–D, E is the
    grade 2) and circumference `cm`; the right grade 1 without CSS. With a `course`, a
    reassessment of it, with the patient's own ratings."""
    areas = [
        AreaEntry(
            area="thighs",
            side="left",
            nm_grade=2,
            css_items=(*css, 2),
            circumference_cm=Decimal(cm),
            landmark=LANDMARK,
            gais=None if course is None else rating.pop("gais", 4),
        ),
        AreaEntry(area="thighs", side="right", nm_grade=1, gais=None if course is None else 4),
    ]
    on = clinic_today(patient.clinic) - timedelta(days=days_ago)
    if course is None:
        assessment = assessment_create(
            actor=actor(user),
            patient_id=patient.id,
            assessed_on=on,
            kind="initial",
            weight_kg=Decimal(weight),
            areas=areas,
        )
    else:
        assessment = reassessment_create(
            actor=actor(user),
            course_id=course.id,
            assessed_on=on,
            areas=areas,
            weight_kg=Decimal(weight),
            patient_satisfaction=rating.get("satisfaction"),
            patient_gais=rating.get("patient_gais"),
        )
    if signed:
        assessment_sign(actor=actor(user), assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def running_course(patient, user, lot, sessions=SESSION_DAYS_AGO):
    """Baseline 60 days ago (left thigh CSS 2,2,1,1,2 = 8, 60.5 cm), started, and a
    session charted on each of `sessions` days ago."""
    measure(patient, user, 60, (2, 2, 1, 1), "60.5")
    course = plan(patient, user, starts_on=clinic_today(patient.clinic) - timedelta(days=55))
    course = course_start(actor=actor(user), course=course)
    for days_ago in sessions:
        chart(course, user, [lot], days_ago=days_ago)
    course.refresh_from_db()
    return course


def ready_patient(patient, user, consent_version=None):
    """Screened before the first session and again today, and consent signed."""
    screen(patient, user, taken_on=clinic_today(patient.clinic) - timedelta(days=58))
    screen(patient, user)
    sign_consent(patient, user, template_version=consent_version)
    return patient


@pytest.fixture
def ready(patient, practitioner):
    return ready_patient(patient, practitioner)


@pytest.fixture
def flat(ready, practitioner, caffeine_lot):  # noqa: F811
    """Six sessions, then a reassessment with the same CSS total and the circumference
    within the measurement error: flagged for the practitioner's decision."""
    course = running_course(ready, practitioner, caffeine_lot)
    measure(
        ready, practitioner, 10, (2, 2, 1, 1), "60.0", course=course,
        gais=4, satisfaction=2, patient_gais=4,
    )  # fmt: skip
    return course


@pytest.fixture
def improving(ready, practitioner, caffeine_lot):  # noqa: F811
    course = running_course(ready, practitioner, caffeine_lot)
    measure(ready, practitioner, 10, (1, 1, 1, 1), "59.0", course=course, gais=3)
    return course
