"""A reassessment measures its course against the course's baseline: the same areas at
the same landmarks, the clinician's GAIS for each, the patient's own ratings; the course
is the server's to set."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404

from mesoclinic.assessments.reassessments import course_reassessment
from mesoclinic.assessments.services import (
    assessment_amend,
    assessment_sign,
    assessment_update,
    reassessment_create,
)
from mesoclinic.audit.models import AuditEvent
from mesoclinic.courses.services import course_plan_next_block, course_start
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.domain.errors import DomainError
from tests.assessments.reassess_helpers import (
    LANDMARK,
    baseline_for,
    course_with_sessions,
    reassess,
)
from tests.conftest import actor
from tests.courses.conftest import expected_estimate, plan, ready, record_sessions  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(ready, practitioner):  # noqa: F811
    return course_with_sessions(ready, practitioner, 5)


def test_a_reassessment_belongs_to_its_course_and_patient_as_a_follow_up(course, practitioner):
    taken = reassess(course, practitioner, patient_satisfaction=4, patient_gais=3)

    assert taken.course_id == course.id
    assert taken.patient_id == course.patient_id
    assert taken.clinic_id == course.clinic_id
    assert taken.kind == "follow_up"
    assert (taken.patient_satisfaction, taken.patient_gais) == (4, 3)
    assert AuditEvent.objects.filter(target=f"assessment {taken.id}", action="create").exists()


def test_the_circumference_is_taken_at_the_baselines_landmark(course, practitioner):
    taken = reassess(course, practitioner)
    left = taken.areas.get(side="left")
    assert (left.circumference_cm, left.landmark) == (Decimal("57.0"), LANDMARK)
    assert left.gais == 3


def test_another_landmark_than_the_baselines_is_refused_naming_the_area(course, practitioner):
    with pytest.raises(DomainError, match="Thighs, left was measured at the baseline") as refused:
        reassessment_create(
            actor=actor(practitioner),
            course_id=course.id,
            assessed_on=course.last_session_on,
            areas=[
                AreaEntry(
                    "thighs", "left", 2, circumference_cm=Decimal(57), landmark="knee", gais=3
                ),
                AreaEntry("thighs", "right", 2, gais=3),
            ],
        )
    assert refused.value.field == "areas.0.landmark"


def test_an_area_the_baseline_did_not_assess_is_refused_by_name(course, practitioner):
    with pytest.raises(DomainError, match="did not assess Buttocks, left"):
        reassessment_create(
            actor=actor(practitioner),
            course_id=course.id,
            assessed_on=course.last_session_on,
            areas=[
                AreaEntry("thighs", "left", 2, gais=3),
                AreaEntry("thighs", "right", 2, gais=3),
                AreaEntry("buttocks", "left", 1, gais=3),
            ],
        )


def test_every_baseline_area_is_required(course, practitioner):
    with pytest.raises(DomainError, match="Thighs, right is missing"):
        reassessment_create(
            actor=actor(practitioner),
            course_id=course.id,
            assessed_on=course.last_session_on,
            areas=[AreaEntry("thighs", "left", 2, gais=3)],
        )


def test_the_clinicians_gais_is_required_on_each_area(course, practitioner):
    with pytest.raises(DomainError, match="GAIS for Thighs, left") as refused:
        reassess(course, practitioner, gais=None)
    assert refused.value.field == "areas.0.gais"


@pytest.mark.parametrize("field", ["patient_satisfaction", "patient_gais"])
@pytest.mark.parametrize("value", [0, 6])
def test_a_patient_rating_outside_one_to_five_is_refused(course, practitioner, field, value):
    with pytest.raises(DomainError, match="Choose 1 to 5") as refused:
        reassess(course, practitioner, **{field: value})
    assert refused.value.field == field


def test_a_reassessment_dated_before_the_baseline_is_refused(course, practitioner):
    before = course.assessment.assessed_on - timedelta(days=1)
    with pytest.raises(DomainError, match="before the course's baseline"):
        reassess(course, practitioner, assessed_on=before)


def test_a_course_not_started_is_not_reassessed(ready, practitioner):  # noqa: F811
    course = course_with_sessions(ready, practitioner, 0)
    course.state = "planned"
    course.save()
    with pytest.raises(DomainError, match="has not started"):
        reassess(course, practitioner)


def test_another_clinics_user_cannot_reassess_the_course(course, outsider):
    with pytest.raises(Http404):
        reassess(course, outsider)


def test_a_signed_reassessment_is_what_the_next_block_is_planned_from(
    ready,  # noqa: F811
    practitioner,
):
    # Grade 3 runs in blocks.
    baseline = baseline_for(ready, practitioner, days_ago=90, grade=3)
    course = plan(ready, practitioner, starts_on=baseline.assessed_on + timedelta(days=1))
    course = course_start(actor=actor(practitioner), course=course)
    assert course.in_blocks
    course = record_sessions(course, practitioner, course.sessions_planned)
    assert course.awaiting_reassessment
    taken = reassess(course, practitioner, assessed_on=course.last_session_on)
    assessment_sign(actor=actor(practitioner), assessment=taken)

    course = course_plan_next_block(
        actor=actor(practitioner),
        course=course,
        starts_on=course.last_session_on + timedelta(days=7),
    )
    assert course.block_number == 2
    assert course.blocks.get(number=2).assessment_id == taken.id


def test_editing_a_reassessment_keeps_it_to_the_baselines_areas(course, practitioner):
    taken = reassess(course, practitioner)
    with pytest.raises(DomainError, match="Thighs, right is missing"):
        assessment_update(
            actor=actor(practitioner),
            assessment=taken,
            assessed_on=taken.assessed_on,
            kind="follow_up",
            areas=[AreaEntry("thighs", "left", 2, gais=3)],
        )


def test_editing_a_reassessment_cannot_make_it_an_initial_assessment(course, practitioner):
    taken = reassess(course, practitioner)
    with pytest.raises(DomainError, match="stays a follow-up"):
        assessment_update(
            actor=actor(practitioner),
            assessment=taken,
            assessed_on=taken.assessed_on,
            kind="initial",
            areas=[AreaEntry("thighs", "left", 2), AreaEntry("thighs", "right", 2)],
        )


def test_amending_a_signed_reassessment_cannot_add_an_area_or_move_a_landmark(course, practitioner):
    taken = assessment_sign(actor=actor(practitioner), assessment=reassess(course, practitioner))
    with pytest.raises(DomainError, match="did not assess Buttocks, left"):
        assessment_amend(
            actor=actor(practitioner),
            assessment=taken,
            reason="Buttocks were looked at too.",
            areas=[AreaEntry("buttocks", "left", 1, gais=3)],
        )
    with pytest.raises(DomainError, match="measure at the same place"):
        assessment_amend(
            actor=actor(practitioner),
            assessment=taken,
            reason="Measured lower.",
            areas=[
                AreaEntry(
                    "thighs", "left", 2, circumference_cm=Decimal(56), landmark="knee", gais=3
                )
            ],
        )
    amended = assessment_amend(
        actor=actor(practitioner),
        assessment=taken,
        reason="The tape slipped: measured again.",
        areas=[AreaEntry("thighs", "left", 2, circumference_cm=Decimal("56.5"), gais=3)],
    )
    assert amended.changes["thighs.left.circumference_cm"] == ["57.0", "56.5"]


def test_the_author_corrects_the_patients_ratings_before_signing(course, practitioner):
    taken = reassess(course, practitioner, patient_satisfaction=2)
    assessment_update(
        actor=actor(practitioner),
        assessment=taken,
        assessed_on=taken.assessed_on,
        kind="follow_up",
        areas=[AreaEntry("thighs", "left", 2, gais=3), AreaEntry("thighs", "right", 2, gais=3)],
        patient_satisfaction=4,
    )
    taken.refresh_from_db()
    assert taken.patient_satisfaction == 4


def test_a_signed_reassessments_rating_is_amended_with_the_original_kept(course, practitioner):
    taken = assessment_sign(
        actor=actor(practitioner), assessment=reassess(course, practitioner, patient_gais=5)
    )
    amendment = assessment_amend(
        actor=actor(practitioner),
        assessment=taken,
        reason="The patient's answer was 2, typed as 5.",
        patient_gais=2,
    )
    assert amendment.changes == {"patient_gais": [5, 2]}


def test_an_assessment_outside_a_course_takes_no_patient_rating(course, practitioner):
    baseline = course.assessment
    with pytest.raises(DomainError, match="Only a reassessment of a course") as refused:
        assessment_amend(
            actor=actor(practitioner),
            assessment=baseline,
            reason="Asked the patient.",
            patient_satisfaction=4,
        )
    assert refused.value.field == "patient_satisfaction"


def test_an_amended_date_before_the_baseline_is_refused(course, practitioner):
    taken = assessment_sign(actor=actor(practitioner), assessment=reassess(course, practitioner))
    with pytest.raises(DomainError, match="before the course's baseline"):
        assessment_amend(
            actor=actor(practitioner),
            assessment=taken,
            reason="Wrong date.",
            assessed_on=course.assessment.assessed_on - timedelta(days=1),
        )


def test_the_estimate_names_the_dates_of_the_courses_own_reassessment_points(
    ready,  # noqa: F811
    practitioner,
):
    course = course_with_sessions(ready, practitioner, 0)
    estimate = expected_estimate(course.assessment, course.starts_on)
    points = course_reassessment(course).status.points

    assert [p.at_session for p in points] == [5, 10, course.sessions_planned]
    assert tuple(course.dates[p.at_session - 1] for p in points) == estimate.reassessment_dates
