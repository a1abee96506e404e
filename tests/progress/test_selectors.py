"""Reading a course's progress: the data, the review, and a query count that does not
grow with the number of reassessments or sessions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mesoclinic.assessments.services import assessment_mark_entered_in_error
from mesoclinic.domain.non_responder import ReviewStatus
from mesoclinic.progress.selectors import course_progress, flagged_courses
from tests.conftest import actor
from tests.progress.conftest import measure


def test_the_progress_holds_the_baseline_the_reassessment_and_the_charted_sessions(
    flat, practitioner
) -> None:
    view = course_progress(actor(practitioner), flat.id)
    progress = view.progress
    assert progress.index == ("thighs", "left")
    assert len(progress.session_dates) == 6
    assert [v.baseline for v in progress.visits] == [True, False]
    later = progress.visits[1]
    assert later.satisfaction == 2
    assert later.patient_gais == 4
    assert later.reading(("thighs", "left")).css_total == 8
    assert view.review.status == ReviewStatus.FLAGGED


def test_a_course_that_improved_is_not_flagged(improving, practitioner) -> None:
    assert course_progress(actor(practitioner), improving.id).review.status == (
        ReviewStatus.SHOWS_CHANGE
    )


def test_flagged_courses_lists_the_flat_course_with_the_numbers_that_raised_the_flag(
    flat, practitioner, riverside
) -> None:
    [flagged] = flagged_courses(actor(practitioner), riverside)
    assert flagged.course.id == flat.id
    assert flagged.css_change == 0
    assert str(flagged.circumference_change_cm) == "-0.5"
    assert flagged.sessions == 6
    assert flagged.reassessed_on == flat.reassessments.get().assessed_on


def _queries(user, course_id) -> int:
    with CaptureQueriesContext(connection) as captured:
        course_progress(actor(user), course_id)
    return len(captured)


def test_reading_progress_costs_the_same_queries_with_one_or_four_reassessments(
    flat, practitioner
) -> None:
    one = _queries(practitioner, flat.id)
    for days_ago in (8, 6, 4):
        measure(flat.patient, practitioner, days_ago, (2, 2, 1, 1), "60.0", course=flat)
    assert flat.reassessments.count() == 4
    assert _queries(practitioner, flat.id) == one


def test_a_reassessment_entered_in_error_is_left_out_and_the_course_is_to_be_reassessed(
    flat, practitioner
) -> None:
    taken = flat.reassessments.get()
    assessment_mark_entered_in_error(
        actor=actor(practitioner), assessment=taken, reason="Recorded on the wrong patient."
    )
    view = course_progress(actor(practitioner), flat.id)
    assert len(view.progress.visits) == 1
    assert view.review.status == ReviewStatus.REASSESS


def test_an_unsigned_reassessment_is_not_read(flat, practitioner) -> None:
    measure(flat.patient, practitioner, 1, (1, 1, 1, 1), "58.0", course=flat, signed=False)
    view = course_progress(actor(practitioner), flat.id)
    assert len(view.progress.visits) == 2
    assert view.review.status == ReviewStatus.FLAGGED


def test_finding_the_flagged_courses_reads_no_blocks_or_changes_of_the_courses_it_passes_over(
    improving, practitioner, riverside
) -> None:
    # Every running course of the clinic is reviewed: its row is enough to review it, and
    # only a flagged course is read whole, for the list that names it.
    with CaptureQueriesContext(connection) as captured:
        assert flagged_courses(actor(practitioner), riverside) == []

    read = " ".join(q["sql"] for q in captured.captured_queries)
    assert "courses_course" in read
    assert "courses_courseblock" not in read
    assert "courses_coursechange" not in read
