"""Planning, starting, changing and ending a course through its services, with the
prerequisites written by the screening, consent and assessment services."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from mesoclinic.assessments.models import AreaScore
from mesoclinic.assessments.services import assessment_mark_entered_in_error
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.courses.models import Course, CourseBlock, CourseChange
from mesoclinic.courses.selectors import (
    access_course,
    active_course_for,
    course_sessions_planned,
)
from mesoclinic.courses.services import (
    CourseBlocked,
    course_change,
    course_complete,
    course_plan_next_block,
    course_start,
    course_stop,
)
from mesoclinic.courses.session_count import course_record_session_done
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import estimate_as_json
from mesoclinic.planning.protocol import current_protocol
from mesoclinic.screening.models import Screening
from mesoclinic.screening.services import screening_amend, screening_caution_sign_off
from tests.conftest import actor
from tests.courses.conftest import assess, expected_estimate, plan, record_sessions
from tests.screening.conftest import screen, sign_consent

# -- planning a course --------------------------------------------------------------------------


def test_a_course_is_planned_from_the_latest_signed_assessment_through_the_estimate(
    grade_two, practitioner, patient, today
):
    course = plan(patient, practitioner)

    expected = expected_estimate(grade_two, today)
    assert course.state == "planned"
    assert course.assessment == grade_two
    assert course.estimate == estimate_as_json(expected)
    assert course.sessions_planned == course.sessions_recommended == expected.recommended
    assert course_sessions_planned(course) == list(expected.dates)
    assert (course.nm_grade, course.block_size) == (2, None)
    assert CourseBlock.objects.get(course=course).assessment == grade_two
    assert not CourseChange.objects.exists()


def test_cadence_expectation_and_lifestyle_go_into_the_estimate(
    grade_two, practitioner, patient, today
):
    course = plan(patient, practitioner, cadence_days=14, expectation="marked", lifestyle=True)

    expected = expected_estimate(grade_two, today, 14, "marked", True)
    assert course.estimate == estimate_as_json(expected)
    assert course.dates[1] - course.dates[0] == timedelta(days=14)
    assert (course.expectation, course.lifestyle) == ("marked", True)


def test_the_latest_assessment_is_used_not_an_earlier_one(ready, practitioner, today):
    assess(ready, practitioner, 3, on=today - timedelta(days=20))
    mild = assess(ready, practitioner, 2, (1, 1, 0, 0), on=today - timedelta(days=2))

    course = plan(ready, practitioner)

    assert course.assessment == mild
    assert course.estimate["sessions"] == {
        "min": 3,
        "max": 5,
        "recommended": course.sessions_planned,
    }


def test_a_count_other_than_the_recommendation_needs_a_reason(grade_two, practitioner, patient):
    with pytest.raises(DomainError, match="Say why the count differs") as refused:
        plan(patient, practitioner, sessions=8)

    assert refused.value.field == "reason"
    assert not Course.objects.exists()


def test_a_changed_count_is_kept_with_its_reason_who_and_when(grade_two, practitioner, patient):
    course = plan(patient, practitioner, sessions=8, reason="patient can only come 8 times")

    change = CourseChange.objects.get(course=course)
    assert (change.field, change.before, change.after) == (
        "sessions",
        course.sessions_recommended,
        8,
    )
    assert (change.reason, change.author, change.at is not None) == (
        "patient can only come 8 times",
        practitioner,
        True,
    )
    assert course.sessions_planned == len(course.dates) == 8


@pytest.mark.parametrize("sessions", [0, -3])
def test_the_count_must_stay_a_positive_whole_number(grade_two, practitioner, patient, sessions):
    with pytest.raises(DomainError, match="positive whole number"):
        plan(patient, practitioner, sessions=sessions, reason="typed")


def test_without_an_assessment_the_course_is_refused_saying_what_to_do(
    ready, practitioner, patient
):
    with pytest.raises(DomainError, match="No assessment on record: record the patient"):
        plan(patient, practitioner)


def test_an_unsigned_latest_assessment_is_refused_even_after_a_signed_one(
    ready, practitioner, today
):
    assess(ready, practitioner, 2, on=today - timedelta(days=30))
    assess(ready, practitioner, 2, on=today - timedelta(days=1), signed=False)

    with pytest.raises(DomainError, match="is not signed: its author signs it"):
        plan(ready, practitioner)


def test_every_reason_screening_and_consent_give_refuses_the_course(patient, practitioner, today):
    assess(patient, practitioner, 2)

    with pytest.raises(CourseBlocked) as refused:
        plan(patient, practitioner)

    assert refused.value.reasons == [
        "No screening on record: take a screening before the course.",
        "No signed consent: the patient signs the clinic's consent form before a course.",
    ]
    assert not Course.objects.exists()


def test_a_screening_stop_refuses_the_course(patient, practitioner):
    screen(patient, practitioner, "pregnancy")
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2)

    with pytest.raises(CourseBlocked, match="Screening stop: Pregnant"):
        plan(patient, practitioner)


def test_an_unsigned_caution_refuses_the_course_until_it_is_signed_off(patient, practitioner):
    screening = screen(patient, practitioner, "diabetes")
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2)

    with pytest.raises(CourseBlocked, match="Screening caution not signed off: Diabetes"):
        plan(patient, practitioner)
    screening_caution_sign_off(
        actor=actor(practitioner), screening=screening, item_key="diabetes", reason="controlled"
    )
    assert plan(patient, practitioner).state == "planned"


def test_grade_zero_is_refused_with_the_estimates_reason(ready, practitioner):
    assess(ready, practitioner, 0)

    with pytest.raises(DomainError, match=r"NM grade 0 .*: no course is recommended\."):
        plan(ready, practitioner)


def test_an_assessment_the_protocol_no_longer_reads_is_refused_naming_it(
    grade_two, practitioner, patient
):
    # As if the clinic's protocol had dropped an area since the assessment was made.
    AreaScore.objects.filter(assessment=grade_two, side="right").update(area="calves")

    with pytest.raises(DomainError, match="does not fit the clinic's protocol") as refused:
        plan(patient, practitioner)

    assert refused.value.field == "assessment"


def test_the_database_itself_refuses_a_second_open_course(course):
    second = Course.objects.get(pk=course.pk)
    second.pk = None

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_second_course_is_refused_while_one_is_planned_or_active(course, practitioner, patient):
    with pytest.raises(DomainError, match="already has a planned course"):
        plan(patient, practitioner)


def test_a_new_course_may_follow_a_stopped_one(course, practitioner, patient):
    course_stop(actor=actor(practitioner), course=course, reason="patient moved away")

    assert plan(patient, practitioner).state == "planned"


def test_the_first_session_cannot_be_before_the_assessment(grade_two, practitioner, patient):
    with pytest.raises(DomainError, match="before the assessment") as refused:
        plan(patient, practitioner, starts_on=grade_two.assessed_on - timedelta(days=1))

    assert refused.value.field == "starts_on"


def test_a_course_shown_from_an_older_assessment_is_refused_once_a_newer_one_exists(
    grade_two, practitioner, patient
):
    newer = assess(patient, practitioner, 2)

    with pytest.raises(DomainError, match="newer assessment"):
        plan(patient, practitioner, assessment_id=grade_two.id)
    assert plan(patient, practitioner, assessment_id=newer.id).assessment == newer


@pytest.mark.parametrize("who", ["front_desk", "outsider", "chain_manager"])
def test_only_clinical_staff_of_the_clinic_plan_a_course(grade_two, patient, who, request):
    with pytest.raises(Http404):
        plan(patient, request.getfixturevalue(who))
    assert not Course.objects.exists()


def test_a_clinic_admin_plans_a_course_too(grade_two, clinic_admin, patient):
    assert plan(patient, clinic_admin).author == clinic_admin


def test_planning_writes_a_create_row_to_the_audit_trail(grade_two, practitioner, patient):
    course = plan(patient, practitioner)

    row = AuditEvent.objects.get(action=Action.CREATE, target=f"course {course.id}")
    assert (row.patient_id, row.clinic_id, row.actor) == (
        patient.id,
        patient.clinic_id,
        practitioner,
    )


# -- starting ---------------------------------------------------------------------------------


def test_a_planned_course_starts_and_is_active(course, practitioner, patient):
    started = course_start(actor=actor(practitioner), course=course)

    assert (started.state, started.started_by) == ("active", practitioner)
    assert active_course_for(actor(practitioner), patient) == started
    assert AuditEvent.objects.filter(target=f"course {course.id} started").exists()


def test_starting_checks_screening_and_consent_again(course, practitioner, patient):
    screening = Screening.objects.get(patient=patient)
    screening_amend(
        actor=actor(practitioner),
        screening=screening,
        changes={"pregnancy": (True, "")},
        reason="patient told us today",
    )

    with pytest.raises(CourseBlocked) as refused:
        course_start(actor=actor(practitioner), course=course)

    assert refused.value.reasons == ["Screening stop: Pregnant. A course cannot start."]
    course.refresh_from_db()
    assert course.state == "planned"


def test_a_course_whose_assessment_was_entered_in_error_cannot_start(
    course, grade_two, practitioner
):
    assessment_mark_entered_in_error(actor=actor(practitioner), assessment=grade_two, reason="x")

    with pytest.raises(DomainError, match="entered in error: stop this course"):
        course_start(actor=actor(practitioner), course=course)


def test_an_active_course_cannot_be_started_again(active, practitioner):
    with pytest.raises(DomainError, match="only a planned course can be started"):
        course_start(actor=actor(practitioner), course=active)


def test_a_planned_course_is_not_the_active_one(course, practitioner, patient):
    assert active_course_for(actor(practitioner), patient) is None


# -- stopping and completing ------------------------------------------------------------------


def test_a_course_is_stopped_with_its_reason_kept(active, practitioner):
    stopped = course_stop(
        actor=actor(practitioner), course=active, reason="  bruising worried her "
    )

    assert (stopped.state, stopped.stop_reason, stopped.ended_by) == (
        "stopped",
        "bruising worried her",
        practitioner,
    )


def test_a_stop_without_a_reason_is_refused(active, practitioner):
    with pytest.raises(DomainError, match="Say why the course is stopped"):
        course_stop(actor=actor(practitioner), course=active, reason=" ")


def test_a_stopped_course_stays_stopped(active, practitioner):
    course_stop(actor=actor(practitioner), course=active, reason="moved away")

    for action in (
        lambda: course_start(actor=actor(practitioner), course=active),
        lambda: course_complete(actor=actor(practitioner), course=active),
        lambda: course_stop(actor=actor(practitioner), course=active, reason="again"),
        lambda: course_record_session_done(
            actor=actor(practitioner), course=active, on=active.starts_on
        ),
    ):
        with pytest.raises(DomainError):
            action()
    active.refresh_from_db()
    assert active.state == "stopped"


def test_a_course_with_sessions_to_come_is_not_completed_by_hand(active, practitioner):
    with pytest.raises(DomainError, match="still to come"):
        course_complete(actor=actor(practitioner), course=active)


# -- sessions ---------------------------------------------------------------------------------


def test_the_last_charted_session_completes_a_course_not_in_blocks(ready, practitioner, today):
    assess(ready, practitioner, 1, on=today - timedelta(days=3))
    course = plan(ready, practitioner)
    course_start(actor=actor(practitioner), course=course)

    done = course_record_session_done(actor=actor(practitioner), course=course, on=today)

    assert (done.state, done.sessions_done, done.ended_by) == ("completed", 1, practitioner)
    assert active_course_for(actor(practitioner), ready) is None


def test_a_session_counts_and_moves_the_dates_still_to_come(active, practitioner, today):
    done = course_record_session_done(actor=actor(practitioner), course=active, on=today)

    dates = course_sessions_planned(done)
    assert (done.sessions_done, done.last_session_on, dates[0]) == (1, today, today)
    assert dates[1] == today + timedelta(days=7)
    assert len(dates) == done.sessions_planned


def test_a_session_cannot_be_recorded_ahead_of_time(active, practitioner, today):
    with pytest.raises(DomainError, match="once it has happened"):
        course_record_session_done(
            actor=actor(practitioner), course=active, on=today + timedelta(days=1)
        )


def test_a_session_cannot_be_recorded_on_a_planned_course(course, practitioner, today):
    with pytest.raises(DomainError, match="Start the course"):
        course_record_session_done(actor=actor(practitioner), course=course, on=today)


def test_front_desk_cannot_record_a_session(active, front_desk, today):
    with pytest.raises(Http404):
        course_record_session_done(actor=actor(front_desk), course=active, on=today)


# -- changing the plan ------------------------------------------------------------------------


def test_the_count_changes_only_with_a_reason_which_is_kept(active, practitioner):
    with pytest.raises(DomainError, match="Say why the plan changes"):
        course_change(actor=actor(practitioner), course=active, reason="", sessions=14)

    course_change(actor=actor(practitioner), course=active, reason="marked response", sessions=14)

    active.refresh_from_db()
    change = active.changes.get()
    assert (change.field, change.after, change.reason) == ("sessions", 14, "marked response")
    assert len(active.dates) == active.sessions_planned == 14


def test_a_new_cadence_keeps_the_sessions_done_and_spaces_the_rest(active, practitioner, today):
    course = course_record_session_done(actor=actor(practitioner), course=active, on=today)

    course_change(actor=actor(practitioner), course=course, reason="travel", cadence_days=14)

    course.refresh_from_db()
    assert course.cadence_days == 14
    assert course.dates[:2] == (today, today + timedelta(days=14))
    change = course.changes.get()
    assert (change.field, change.before, change.after) == ("cadence_days", 7, 14)


def test_a_cadence_outside_the_protocol_is_refused(active, practitioner):
    with pytest.raises(DomainError, match="Cadence must be 7 \\(weekly\\) or 14"):
        course_change(actor=actor(practitioner), course=active, reason="x", cadence_days=3)


def test_the_count_cannot_drop_below_the_sessions_done(active, practitioner):
    course = record_sessions(active, practitioner, 3)

    with pytest.raises(DomainError, match="3 sessions of this course already done"):
        course_change(actor=actor(practitioner), course=course, reason="x", sessions=2)


def test_lowering_the_count_to_the_sessions_done_completes_the_course(active, practitioner):
    course = record_sessions(active, practitioner, 3)

    course_change(actor=actor(practitioner), course=course, reason="satisfied", sessions=3)

    course.refresh_from_db()
    assert (course.state, course.ended_by) == ("completed", practitioner)


def test_nothing_to_change_is_refused(active, practitioner):
    with pytest.raises(DomainError, match="nothing to change"):
        course_change(
            actor=actor(practitioner), course=active, reason="x", sessions=active.sessions_planned
        )


# -- grade 3: blocks --------------------------------------------------------------------------


@pytest.fixture
def in_blocks(ready, practitioner, today):
    """A grade-3 course started 70 days ago, its first block all done by today."""
    assess(ready, practitioner, 3, (2, 2, 2, 2), on=today - timedelta(days=70))
    course = plan(ready, practitioner, starts_on=today - timedelta(days=63))
    course = course_start(actor=actor(practitioner), course=course)
    return course


def test_a_grade_three_course_runs_in_blocks_of_the_protocols_size(in_blocks):
    size = current_protocol().grades[3].block_sessions

    assert (in_blocks.block_size, in_blocks.block_number) == (size, 1)
    assert in_blocks.sessions_planned == len(course_sessions_planned(in_blocks)) == size
    assert in_blocks.sessions_recommended == size
    assert in_blocks.estimate["sessions"]["recommended"] > size


def test_a_block_ends_awaiting_its_reassessment_after_its_last_session(in_blocks, practitioner):
    course = record_sessions(in_blocks, practitioner, in_blocks.sessions_planned)

    assert (course.state, course.awaiting_reassessment) == ("active", True)
    with pytest.raises(DomainError, match="Block 1 is over and awaits a reassessment"):
        course_record_session_done(actor=actor(practitioner), course=course, on=course.dates[-1])


def test_the_next_block_is_refused_before_the_block_ends(in_blocks, practitioner, today):
    with pytest.raises(DomainError, match="Block 1 still has 10 sessions to go"):
        course_plan_next_block(
            actor=actor(practitioner), course=in_blocks, starts_on=today + timedelta(days=1)
        )


def test_the_next_block_needs_a_signed_follow_up_dated_on_or_after_the_blocks_last_date(
    in_blocks, practitioner, patient, today
):
    course = record_sessions(in_blocks, practitioner, in_blocks.sessions_planned)
    tomorrow = today + timedelta(days=1)
    assess(patient, practitioner, 3, kind="follow_up", on=today - timedelta(days=1))

    with pytest.raises(DomainError) as refused:
        course_plan_next_block(actor=actor(practitioner), course=course, starts_on=tomorrow)

    assert refused.value.message == (
        f"Block 2 needs a signed follow-up assessment dated on or after {today.isoformat()}, "
        "the last planned session of block 1; the latest is dated "
        f"{(today - timedelta(days=1)).isoformat()}: reassess the patient first."
    )
    assess(patient, practitioner, 3, kind="follow_up", on=today, signed=False)
    with pytest.raises(DomainError, match="is not signed"):
        course_plan_next_block(actor=actor(practitioner), course=course, starts_on=tomorrow)


def test_the_next_block_is_planned_from_the_reassessment_through_the_estimate(
    in_blocks, practitioner, patient, today
):
    course = record_sessions(in_blocks, practitioner, in_blocks.sessions_planned)
    tomorrow = today + timedelta(days=1)
    reassessment = assess(patient, practitioner, 3, (1, 1, 1, 1), kind="follow_up", on=today)

    course = course_plan_next_block(
        actor=actor(practitioner), course=course, starts_on=tomorrow, lifestyle=True
    )

    block = course.blocks.get(number=2)
    expected = expected_estimate(reassessment, tomorrow, lifestyle=True)
    assert block.assessment == reassessment
    assert block.estimate == estimate_as_json(expected)
    assert (course.block_number, course.sessions_done, course.awaiting_reassessment) == (
        2,
        0,
        False,
    )
    assert course.sessions_planned == current_protocol().grades[3].block_sessions
    assert course.dates[0] == tomorrow
    assert course.sessions_done_total == 10
    assert course.blocks.get(number=1).sessions_done == 10


def test_a_reassessment_now_at_grade_two_plans_its_recommendation_as_the_next_block(
    in_blocks, practitioner, patient, today
):
    course = record_sessions(in_blocks, practitioner, in_blocks.sessions_planned)
    assess(patient, practitioner, 2, (1, 0, 1, 0), kind="follow_up", on=today)

    course = course_plan_next_block(
        actor=actor(practitioner), course=course, starts_on=today + timedelta(days=7)
    )

    assert (
        course.sessions_planned == course.blocks.get(number=2).estimate["sessions"]["recommended"]
    )


def test_a_reassessment_at_grade_zero_refuses_the_next_block_with_the_estimates_reason(
    in_blocks, practitioner, patient, today
):
    course = record_sessions(in_blocks, practitioner, in_blocks.sessions_planned)
    assess(patient, practitioner, 0, kind="follow_up", on=today)

    with pytest.raises(DomainError, match="no course is recommended"):
        course_plan_next_block(
            actor=actor(practitioner), course=course, starts_on=today + timedelta(days=1)
        )


def test_the_next_block_starts_after_the_last_session(in_blocks, practitioner, patient, today):
    course = record_sessions(in_blocks, practitioner, in_blocks.sessions_planned)
    assess(patient, practitioner, 3, kind="follow_up", on=today)

    with pytest.raises(DomainError, match="starts after the last session"):
        course_plan_next_block(actor=actor(practitioner), course=course, starts_on=today)


def test_a_course_in_blocks_is_completed_after_a_block(in_blocks, practitioner):
    course = record_sessions(in_blocks, practitioner, in_blocks.sessions_planned)

    assert course_complete(actor=actor(practitioner), course=course).state == "completed"


# -- reading ----------------------------------------------------------------------------------


def test_reading_a_course_writes_a_read_row(course, practitioner):
    access_course(actor(practitioner), course.id)

    assert AuditEvent.objects.filter(action=Action.READ, target=f"course {course.id}").exists()


@pytest.mark.parametrize("who", ["front_desk", "outsider", "chain_manager"])
def test_a_course_is_not_found_for_anyone_without_clinical_access_there(course, who, request):
    with pytest.raises(Http404):
        access_course(actor(request.getfixturevalue(who)), course.id)


def test_a_course_starting_in_year_9999_is_refused_beside_its_first_session(
    grade_two, patient, practitioner
):
    with pytest.raises(DomainError) as refused:
        plan(patient, practitioner, starts_on=date(9999, 12, 31))

    assert (refused.value.field, refused.value.message) == (
        "starts_on",
        "Use a date between 1900 and 2100.",
    )
    assert not Course.objects.exists()
