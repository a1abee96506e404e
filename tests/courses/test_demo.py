"""Demo courses: made through the services, only for patients a course may start for."""

import random
from collections import Counter

import pytest
from django.utils import timezone

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.courses.models import Course
from mesoclinic.demo.assessments import create_assessments
from mesoclinic.demo.courses import STOP_REASON, create_courses
from mesoclinic.demo.formulary import create_formulary
from mesoclinic.demo.organisation import create_organisation
from mesoclinic.demo.patients import create_patients
from mesoclinic.demo.screening import create_screenings_and_consents
from mesoclinic.domain.course import invariant_problems


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    rng = random.Random(7)  # noqa: S311 - the seed `mesoclinic demo` uses
    clinics = create_organisation(today)
    patients = create_patients(clinics, today, rng)
    create_screenings_and_consents(patients, today, rng)
    create_assessments(patients, today, rng)
    create_formulary(clinics, today, rng)  # the sessions behind each course are charted
    return create_courses(patients, today, rng)


def test_demo_courses_are_planned_active_completed_one_stopped_and_grade_three_in_blocks(demo):
    # One test: building the demo chain takes a while.
    states = Counter(Course.objects.values_list("state", flat=True))
    assert demo == Course.objects.count() >= 10
    assert states["active"] > states["planned"] >= 1
    assert states["completed"] >= 2
    assert states["stopped"] == 1
    assert Course.objects.get(state="stopped").stop_reason == STOP_REASON

    grade_three = Course.objects.filter(nm_grade=3, state="active")
    assert grade_three.exists()
    for course in grade_three:
        assert course.block_number == 1
        assert course.sessions_done < course.sessions_planned == course.block_size
    assert any(course.sessions_done > 0 for course in grade_three)

    for course in Course.objects.select_related("assessment"):
        assert course.sessions_done_total == course.sessions.count(), "every session charted"
        assert course.assessment.is_signed
        assert course.nm_grade >= 1
        assert invariant_problems(course.progress) == []
        assert AuditEvent.objects.filter(
            action=Action.CREATE, target=f"course {course.id}"
        ).exists()
