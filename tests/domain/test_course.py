"""A course's states, blocks and dates: planned → active → completed, or stopped with a
reason; grade-3 courses in blocks that end with a reassessment."""

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain import course as rules
from mesoclinic.domain.course import CourseProgress, invariant_problems, new_course
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import AreaAssessment, PlanRequest, estimate_course
from mesoclinic.protocols import load_protocol

PROTOCOL = load_protocol()
MONDAY = date(2027, 1, 4)


def active(planned: int = 3, done: int = 0, in_blocks: bool = False) -> CourseProgress:
    return CourseProgress(state="active", in_blocks=in_blocks, block=1, planned=planned, done=done)


def estimate(grade: int, css_total: int | None = None, **request):
    area = AreaAssessment("thighs", None, grade, css_total=css_total)
    return estimate_course(PlanRequest(areas=(area,), start=MONDAY, **request), PROTOCOL)


# -- states ---------------------------------------------------------------------------------


def test_a_new_course_is_planned_with_nothing_done():
    progress = new_course(sessions=12, in_blocks=False)

    assert (progress.state, progress.block, progress.planned, progress.done) == (
        "planned",
        1,
        12,
        0,
    )
    assert invariant_problems(progress) == []


def test_a_planned_course_starts_and_becomes_active():
    assert rules.start(new_course(sessions=3, in_blocks=False)).state == "active"


@pytest.mark.parametrize("state", ["active", "completed", "stopped"])
def test_only_a_planned_course_can_be_started(state):
    progress = replace(active(), state=state, done=3 if state == "completed" else 0)

    with pytest.raises(DomainError, match="only a planned course can be started"):
        rules.start(progress)


@pytest.mark.parametrize("state", ["planned", "active"])
def test_a_planned_or_active_course_can_be_stopped_with_a_reason(state):
    progress = replace(active(), state=state)

    assert rules.stop(progress, "moved abroad").state == "stopped"


def test_a_course_is_never_stopped_without_a_reason():
    with pytest.raises(DomainError, match="Say why the course is stopped") as refused:
        rules.stop(active(), "   ")

    assert refused.value.field == "reason"


def test_a_stop_reason_longer_than_the_limit_is_refused():
    with pytest.raises(DomainError, match="under 300 characters"):
        rules.stop(active(), "x" * 301)


@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("start", rules.start),
        ("stop", lambda p: rules.stop(p, "again")),
        ("complete", rules.complete),
        ("session", rules.record_session),
        ("change", lambda p: rules.change_sessions(p, 9)),
        ("cadence", rules.check_cadence_change),
        ("block", lambda p: rules.next_block(p, 10)),
    ],
)
@pytest.mark.parametrize("final", ["completed", "stopped"])
def test_completed_and_stopped_are_final(name, action, final):
    progress = CourseProgress(state=final, in_blocks=True, block=1, planned=3, done=3)

    with pytest.raises(DomainError):
        action(progress)


def test_the_last_session_of_a_course_not_in_blocks_completes_it():
    progress = rules.record_session(active(planned=2, done=1))

    assert (progress.state, progress.done) == ("completed", 2)


def test_a_session_before_the_last_leaves_the_course_active():
    progress = rules.record_session(active(planned=3, done=1))

    assert (progress.state, progress.done) == ("active", 2)


def test_the_last_session_of_a_block_ends_the_block_which_then_awaits_a_reassessment():
    progress = rules.record_session(active(planned=10, done=9, in_blocks=True))

    assert (progress.state, progress.done, progress.awaiting_reassessment) == ("active", 10, True)


def test_a_session_cannot_be_recorded_before_the_course_starts():
    with pytest.raises(DomainError, match="Start the course before recording a session"):
        rules.record_session(new_course(sessions=3, in_blocks=False))


def test_a_block_awaiting_its_reassessment_takes_no_more_sessions():
    ended = rules.record_session(active(planned=1, in_blocks=True))

    with pytest.raises(DomainError, match="Block 1 is over and awaits a reassessment"):
        rules.record_session(ended)


def test_the_next_block_is_planned_only_once_the_block_is_over():
    with pytest.raises(DomainError, match="Block 1 still has 7 sessions to go"):
        rules.next_block(active(planned=10, done=3, in_blocks=True), 10)


def test_the_next_block_starts_afresh_with_its_own_count():
    ended = rules.record_session(active(planned=1, in_blocks=True))

    progress = rules.next_block(ended, 10)

    assert (progress.block, progress.planned, progress.done) == (2, 10, 0)
    assert not progress.awaiting_reassessment


def test_a_course_not_in_blocks_has_no_next_block():
    with pytest.raises(DomainError, match="not run in blocks"):
        rules.next_block(active(), 10)


def test_a_course_with_sessions_to_come_cannot_be_completed_by_hand():
    with pytest.raises(DomainError, match="2 planned sessions still to come") as refused:
        rules.complete(active(planned=3, done=1))

    assert "lower the count with a reason, or stop the course" in refused.value.message


def test_a_planned_course_cannot_be_completed():
    with pytest.raises(DomainError, match="has not started"):
        rules.complete(new_course(sessions=3, in_blocks=False))


def test_a_course_in_blocks_is_completed_once_its_block_is_over():
    ended = rules.record_session(active(planned=1, in_blocks=True))

    assert rules.complete(ended).state == "completed"


# -- the count ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1, 2.5, True, "3", None])
def test_the_session_count_must_be_a_positive_whole_number(value):
    with pytest.raises(DomainError, match="positive whole number") as refused:
        rules.check_session_count(value)

    assert refused.value.field == "sessions"


def test_a_count_past_the_typing_guard_is_refused_as_a_likely_slip():
    with pytest.raises(DomainError, match="check the number"):
        rules.check_session_count(rules.SESSIONS_MAX + 1)


def test_the_count_cannot_drop_below_the_sessions_done():
    with pytest.raises(DomainError, match="3 sessions of this course already done"):
        rules.change_sessions(active(planned=10, done=3), 2)


def test_lowering_the_count_to_the_sessions_done_completes_the_course():
    progress = rules.change_sessions(active(planned=10, done=3), 3)

    assert (progress.state, progress.planned) == ("completed", 3)


def test_lowering_a_block_to_its_sessions_done_ends_the_block():
    progress = rules.change_sessions(active(planned=10, done=3, in_blocks=True), 3)

    assert (progress.state, progress.awaiting_reassessment) == ("active", True)


def test_the_same_count_again_is_not_a_change():
    with pytest.raises(DomainError, match="already 10: nothing to change"):
        rules.change_sessions(active(planned=10), 10)


def test_a_planned_course_takes_any_positive_count():
    assert rules.change_sessions(new_course(sessions=12, in_blocks=False), 5).planned == 5


def test_the_cadence_of_an_ended_block_is_chosen_when_the_next_is_planned():
    ended = rules.record_session(active(planned=1, in_blocks=True))

    with pytest.raises(DomainError, match="the next block is planned at its own cadence"):
        rules.check_cadence_change(ended)


# -- from the estimate ----------------------------------------------------------------------


def test_grade_zero_is_refused_with_the_estimates_own_reason():
    with pytest.raises(DomainError, match="no course is recommended") as refused:
        rules.first_block_sessions(estimate(0), PROTOCOL)

    assert refused.value.message == " ".join(estimate(0).explanation)


def test_grade_two_plans_the_whole_recommendation_in_one_go():
    plan = estimate(2, css_total=8)

    assert rules.first_block_sessions(plan, PROTOCOL) == (plan.recommended, False)


def test_grade_three_plans_its_first_block_of_the_protocols_block_size():
    block = PROTOCOL.grades[3].block_sessions

    assert rules.first_block_sessions(estimate(3), PROTOCOL) == (block, True)


def test_grade_one_plans_its_single_preventive_session():
    assert rules.first_block_sessions(estimate(1), PROTOCOL) == (1, False)


def test_a_reassessment_still_at_grade_three_plans_another_block():
    block = PROTOCOL.grades[3].block_sessions

    assert rules.next_block_sessions(estimate(3), PROTOCOL) == block


def test_a_reassessment_at_grade_two_plans_the_count_it_recommends():
    plan = estimate(2, css_total=4)

    assert rules.next_block_sessions(plan, PROTOCOL) == plan.recommended


def test_a_reassessment_at_grade_one_ends_the_blocks():
    with pytest.raises(DomainError, match="not a treatment block: complete this course"):
        rules.next_block_sessions(estimate(1), PROTOCOL)


def test_a_reassessment_at_grade_zero_is_refused_with_the_estimates_reason():
    with pytest.raises(DomainError, match="no course is recommended"):
        rules.next_block_sessions(estimate(0), PROTOCOL)


# -- the reassessment -----------------------------------------------------------------------


def reassess(**changes):
    values = {
        "block": 1,
        "block_ends": MONDAY,
        "assessed_on": MONDAY,
        "follow_up": True,
        "signed": True,
        **changes,
    }
    rules.check_reassessment(**values)


def test_a_signed_follow_up_on_the_last_planned_day_allows_the_next_block():
    reassess()
    reassess(assessed_on=MONDAY + timedelta(days=3))


def test_a_reassessment_before_the_block_ends_is_refused_with_the_date_it_needs():
    with pytest.raises(DomainError) as refused:
        reassess(assessed_on=MONDAY - timedelta(days=1))

    assert refused.value.message == (
        "Block 2 needs a signed follow-up assessment dated on or after 2027-01-04, the last "
        "planned session of block 1; the latest is dated 2027-01-03: reassess the patient first."
    )


def test_an_unsigned_reassessment_is_refused():
    with pytest.raises(DomainError, match="is not signed"):
        reassess(signed=False)


def test_an_initial_assessment_is_not_a_reassessment():
    with pytest.raises(DomainError, match="ends with a follow-up assessment"):
        reassess(follow_up=False)


# -- dates ----------------------------------------------------------------------------------


def test_sessions_follow_the_cadence_from_the_first_date():
    assert rules.session_dates(MONDAY, 3, 14) == (
        MONDAY,
        MONDAY + timedelta(days=14),
        MONDAY + timedelta(days=28),
    )


def test_a_session_on_another_day_moves_the_sessions_still_to_come():
    dates = rules.session_dates(MONDAY, 3, 7)
    late = MONDAY + timedelta(days=2)

    assert rules.after_session(dates, done_before=0, on=late, cadence_days=7) == (
        late,
        late + timedelta(days=7),
        late + timedelta(days=14),
    )


def test_a_new_cadence_keeps_the_sessions_done_and_spaces_the_rest():
    dates = rules.session_dates(MONDAY, 3, 7)

    assert rules.replanned(dates, done=1, planned=4, cadence_days=14) == (
        MONDAY,
        MONDAY + timedelta(days=14),
        MONDAY + timedelta(days=28),
        MONDAY + timedelta(days=42),
    )


def test_a_session_is_not_recorded_ahead_of_time_or_out_of_order():
    with pytest.raises(DomainError, match="once it has happened"):
        rules.check_session_day(MONDAY + timedelta(days=1), last=None, today=MONDAY)
    with pytest.raises(DomainError, match="would not come after the last one"):
        rules.check_session_day(MONDAY, last=MONDAY, today=MONDAY)


@pytest.mark.parametrize(
    "illegal",
    [
        CourseProgress(state="paused", in_blocks=False, block=1, planned=3),
        CourseProgress(state="planned", in_blocks=False, block=1, planned=0),
        CourseProgress(state="active", in_blocks=False, block=1, planned=3, done=4),
        CourseProgress(state="active", in_blocks=False, block=2, planned=3),
        CourseProgress(state="planned", in_blocks=False, block=1, planned=3, done=1),
        CourseProgress(state="active", in_blocks=False, block=1, planned=3, done=3),
        CourseProgress(
            state="active", in_blocks=True, block=1, planned=3, done=1, awaiting_reassessment=True
        ),
        CourseProgress(state="completed", in_blocks=False, block=1, planned=3, done=2),
    ],
)
def test_the_invariant_check_names_each_illegal_state(illegal):
    assert invariant_problems(illegal)


# -- properties -----------------------------------------------------------------------------

ACTIONS = st.one_of(
    st.tuples(st.just("start")),
    st.tuples(st.just("stop"), st.sampled_from(["", "  ", "patient moved away"])),
    st.tuples(st.just("complete")),
    st.tuples(st.just("session")),
    st.tuples(st.just("cadence")),
    st.tuples(st.just("change"), st.integers(-2, 25)),
    st.tuples(st.just("block"), st.integers(-1, 25)),
)


def apply(progress: CourseProgress, action: tuple) -> CourseProgress:
    name, *arguments = action
    if name == "start":
        return rules.start(progress)
    if name == "stop":
        return rules.stop(progress, *arguments)
    if name == "complete":
        return rules.complete(progress)
    if name == "session":
        return rules.record_session(progress)
    if name == "cadence":
        rules.check_cadence_change(progress)
        return progress
    if name == "change":
        return rules.change_sessions(progress, *arguments)
    return rules.next_block(progress, *arguments)


@given(st.integers(1, 12), st.booleans(), st.lists(ACTIONS, max_size=60))
def test_no_sequence_of_actions_reaches_an_illegal_state(sessions, in_blocks, actions):
    progress = new_course(sessions=sessions, in_blocks=in_blocks)
    for action in actions:
        was_final = progress.is_final
        try:
            after = apply(progress, action)
        except DomainError:
            after = progress
        else:
            assert not was_final, f"{action} changed a {progress.state} course"
        assert invariant_problems(after) == [], (progress, action, after)
        if was_final:
            assert after == progress
        progress = after


@given(st.integers(1, 12), st.booleans(), st.lists(ACTIONS, max_size=60))
def test_sessions_done_only_ever_grow_within_a_block(sessions, in_blocks, actions):
    progress = new_course(sessions=sessions, in_blocks=in_blocks)
    for action in actions:
        try:
            after = apply(progress, action)
        except DomainError:
            continue
        if after.block == progress.block:
            assert after.done >= progress.done
        else:
            assert (after.block, after.done) == (progress.block + 1, 0)
        progress = after


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(1, 15),
    st.sampled_from(sorted(PROTOCOL.cadences.values())),
    st.lists(st.integers(0, 20), max_size=15),
)
def test_planned_dates_keep_their_count_and_never_go_back_in_time(first, count, cadence, gaps):
    dates = rules.session_dates(first, count, cadence)
    for done, gap in enumerate(gaps[:count]):
        on = (dates[done - 1] if done else first) + timedelta(days=gap + (1 if done else 0))
        dates = rules.after_session(dates, done_before=done, on=on, cadence_days=cadence)
        assert len(dates) == count
        assert dates[done] == on
        assert all(a < b for a, b in pairwise(dates))


@pytest.mark.parametrize("reason", ["Patient ill\x00", "Patient \u202eill"])
def test_a_reason_with_control_or_direction_characters_is_refused(reason):
    with pytest.raises(DomainError) as refused:
        rules.check_reason(reason, "the clinic cancels")
    assert refused.value.field == "reason"


def test_a_reason_may_run_over_several_lines():
    assert rules.check_reason("Patient ill.\nCall back Monday.", "the clinic cancels")
