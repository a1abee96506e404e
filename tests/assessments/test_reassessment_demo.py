"""The demo holds courses measured over time: signed reassessments at each point with
photos in the baseline's poses, responders, flat courses, and completed ones with a final
reassessment."""

import pytest
from django.core.management import call_command

from mesoclinic.assessments.models import Assessment
from mesoclinic.assessments.reassessments import course_reassessment
from mesoclinic.courses.models import Course
from mesoclinic.domain.outcomes import AreaChange, AreaMeasure
from mesoclinic.planning.protocol import clinic_protocol

pytestmark = pytest.mark.django_db


def _index_change(course: Course, taken: Assessment) -> AreaChange:
    def measure(assessment: Assessment) -> AreaMeasure:
        row = assessment.areas.get(area="thighs", side="left")
        return AreaMeasure(row.area, row.side, row.nm_grade, row.css_total, row.circumference_cm)

    return AreaChange(
        measure(course.assessment), measure(taken), clinic_protocol(course.clinic).outcomes
    )


def test_the_demo_has_responders_flat_courses_and_completed_ones_with_a_final_reassessment(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo")

    measured = [c for c in Course.objects.order_by("id") if c.reassessments.exists()]
    finals = {}
    for course in measured:
        shown = course_reassessment(course)
        assert shown.status.due is None  # every point reached is met
        baseline_poses = set(course.assessment.photos.values_list("pose", flat=True))
        for taken in shown.reassessments:
            assert taken.is_signed
            assert set(taken.photos.values_list("pose", flat=True)) == baseline_poses
        finals[course.id] = _index_change(course, shown.reassessments[-1])

    completed = [c for c in measured if c.state == "completed"]
    assert len(completed) >= 4
    assert any(finals[c.id].responder for c in completed)
    flat = [c for c in measured if finals[c.id].css_change == 0]
    assert all(finals[c.id].circumference_within_error for c in flat)
    assert any(c.state == "completed" for c in flat)
    assert any(c.state == "active" and c.sessions_done_total >= 6 for c in flat)
