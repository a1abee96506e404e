"""A session taken back off a course's count because its chart was entered in error."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain import course as rules
from mesoclinic.domain.course import invariant_problems, new_course
from mesoclinic.domain.errors import DomainError
from tests.domain.test_course import ACTIONS, active, apply


def test_taking_back_a_session_of_an_active_course_leaves_one_fewer_done():
    progress = rules.take_back_session(active(planned=5, done=3))

    assert (progress.state, progress.done, progress.planned) == ("active", 2, 5)


def test_taking_back_the_session_that_completed_a_course_reopens_it():
    completed = rules.record_session(active(planned=2, done=1))
    assert completed.state == "completed"

    progress = rules.take_back_session(completed)

    assert (progress.state, progress.done, progress.remaining) == ("active", 1, 1)


def test_taking_back_the_last_session_of_a_block_ends_the_wait_for_a_reassessment():
    ended = rules.record_session(active(planned=10, done=9, in_blocks=True))
    assert ended.awaiting_reassessment

    progress = rules.take_back_session(ended)

    assert (progress.state, progress.done, progress.awaiting_reassessment) == ("active", 9, False)


def test_a_course_in_blocks_completed_by_hand_reopens_too():
    completed = rules.complete(rules.record_session(active(planned=1, in_blocks=True)))

    progress = rules.take_back_session(completed)

    assert (progress.state, progress.done, progress.awaiting_reassessment) == ("active", 0, False)


def test_a_stopped_course_stays_stopped_with_one_session_fewer():
    stopped = rules.stop(active(planned=5, done=3), "patient moved away")

    progress = rules.take_back_session(stopped)

    assert (progress.state, progress.done) == ("stopped", 2)


@pytest.mark.parametrize(
    "progress",
    [new_course(sessions=3, in_blocks=False), active(planned=3, done=0)],
    ids=["planned", "active with nothing done"],
)
def test_there_is_no_session_to_take_back_before_one_is_done(progress):
    with pytest.raises(DomainError, match="none can be taken back") as refused:
        rules.take_back_session(progress)
    assert refused.value.field == "course"


@given(st.integers(1, 12), st.booleans(), st.lists(ACTIONS, max_size=40))
def test_taking_back_a_session_from_any_reachable_state_keeps_every_invariant(
    sessions, in_blocks, actions
):
    progress = new_course(sessions=sessions, in_blocks=in_blocks)
    for action in actions:
        try:
            progress = apply(progress, action)
        except DomainError:
            continue
    try:
        after = rules.take_back_session(progress)
    except DomainError:
        assert progress.done == 0
        return
    assert invariant_problems(after) == [], (progress, after)
    assert after.done == progress.done - 1
    assert after.state == ("stopped" if progress.state == "stopped" else "active")


@given(st.integers(1, 12), st.booleans(), st.lists(ACTIONS, max_size=40))
def test_recording_again_the_session_taken_back_returns_to_the_same_state(
    sessions, in_blocks, actions
):
    progress = new_course(sessions=sessions, in_blocks=in_blocks)
    for action in actions:
        try:
            progress = apply(progress, action)
        except DomainError:
            continue
    if progress.state != "active" or progress.done == 0:
        return
    assert rules.record_session(rules.take_back_session(progress)) == progress
