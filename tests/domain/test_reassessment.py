"""When a course falls due a reassessment: every few sessions, at the end of each block and
at the end of the course; met only by a signed reassessment taken after the point."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.reassessment import (
    CourseCounts,
    ReassessmentPoint,
    reassessment_points,
    reassessment_status,
)
from mesoclinic.domain.reassessment_areas import (
    SATISFACTION_SCORES,
    check_patient_rating,
    check_reassessed_areas,
)

START = date(2026, 3, 2)


def _weekly(done: int) -> tuple[date, ...]:
    return tuple(START + timedelta(weeks=n) for n in range(done))


def _counts(
    *,
    done: int,
    blocks: tuple[int, ...] = (12,),
    in_blocks: bool = False,
    completed: bool = False,
    stopped: bool = False,
    reassessed_on: tuple[date, ...] = (),
    every: int = 5,
) -> CourseCounts:
    return CourseCounts(
        every=every,
        in_blocks=in_blocks,
        blocks=blocks,
        completed=completed,
        stopped=stopped,
        session_dates=_weekly(done),
        reassessed_on=reassessed_on,
    )


def test_the_protocol_sets_the_cadence_the_points_are_read_from(protocol: Protocol) -> None:
    assert protocol.outcomes.reassess_every_sessions == 5


def test_a_course_of_twelve_is_reassessed_after_five_ten_and_at_its_end() -> None:
    points = reassessment_points(_counts(done=0))
    assert [p.at_session for p in points] == [5, 10, 12]
    assert [p.reason for p in points] == [
        "5 sessions done",
        "10 sessions done",
        "end of the course (12 sessions done)",
    ]


def test_a_course_of_ten_has_its_end_and_its_tenth_session_as_one_point() -> None:
    points = reassessment_points(_counts(done=0, blocks=(10,)))
    assert [(p.at_session, p.course_end) for p in points] == [(5, False), (10, True)]


def test_a_course_in_blocks_counts_sessions_over_the_whole_course() -> None:
    counts = _counts(done=13, blocks=(10, 10), in_blocks=True)
    points = reassessment_points(counts)
    assert [p.at_session for p in points] == [5, 10, 15, 20]
    assert points[1].reason == "end of block 1 (10 sessions done)"
    assert points[1].ends == "end of block 1"
    assert points[0].ends == ""
    assert points[3].reason == "end of block 2 (20 sessions done)"
    assert not any(p.course_end for p in points)


def test_an_earlier_block_ended_early_moves_the_block_points_not_the_every_five() -> None:
    points = reassessment_points(_counts(done=8, blocks=(7, 10), in_blocks=True))
    assert [(p.at_session, p.block_end) for p in points] == [
        (5, None),
        (7, 1),
        (10, None),
        (15, None),
        (17, 2),
    ]


def test_a_completed_course_in_blocks_ends_at_its_last_block() -> None:
    counts = _counts(done=20, blocks=(10, 10), in_blocks=True, completed=True)
    last = reassessment_points(counts)[-1]
    assert last.reason == "end of the course and end of block 2 (20 sessions done)"


def test_nothing_is_due_before_the_fifth_session_and_the_fifth_is_next() -> None:
    status = reassessment_status(_counts(done=4))
    assert status.due is None
    assert status.next_at_session == 5


def test_the_fifth_session_makes_a_reassessment_due() -> None:
    status = reassessment_status(_counts(done=5))
    assert status.due == ReassessmentPoint(at_session=5)
    assert status.due.reason == "5 sessions done"
    assert status.next_at_session == 10


def test_a_reassessment_on_the_day_of_the_fifth_session_meets_it() -> None:
    fifth = _weekly(5)[-1]
    status = reassessment_status(_counts(done=5, reassessed_on=(fifth,)))
    assert status.due is None


def test_a_reassessment_taken_before_the_point_does_not_meet_it() -> None:
    fourth = _weekly(4)[-1]
    status = reassessment_status(_counts(done=5, reassessed_on=(fourth,)))
    assert status.due is not None
    assert status.due.at_session == 5


def test_a_point_met_stays_met_while_the_next_sessions_are_done() -> None:
    fifth = _weekly(5)[-1]
    status = reassessment_status(_counts(done=7, reassessed_on=(fifth,)))
    assert status.due is None
    assert status.next_at_session == 10


def test_the_latest_point_reached_is_the_one_due_when_several_were_missed() -> None:
    status = reassessment_status(_counts(done=11))
    assert status.due is not None
    assert status.due.at_session == 10


def test_the_end_of_the_course_is_due_once_every_planned_session_is_done() -> None:
    tenth = _weekly(10)[-1]
    status = reassessment_status(_counts(done=12, completed=True, reassessed_on=(tenth,)))
    assert status.due is not None
    assert status.due.reason == "end of the course (12 sessions done)"
    assert status.next is None


def test_the_end_of_a_block_is_due_while_the_course_awaits_its_reassessment() -> None:
    status = reassessment_status(_counts(done=10, blocks=(10,), in_blocks=True))
    assert status.due is not None
    assert status.due.reason == "end of block 1 (10 sessions done)"
    # The next block is not planned: no later point is known yet.
    assert status.next is None


def test_a_stopped_course_is_due_nothing() -> None:
    status = reassessment_status(_counts(done=5, stopped=True))
    assert status.due is None
    assert status.next is None


def test_a_shorter_cadence_from_the_protocol_gives_more_points() -> None:
    points = reassessment_points(_counts(done=0, blocks=(6,), every=2))
    assert [p.at_session for p in points] == [2, 4, 6]


# -- what a reassessment holds ----------------------------------------------------------

BASELINE = {("thighs", "left"): "18 cm above the kneecap", ("thighs", "right"): ""}
LABELS = {("thighs", "left"): "Thighs, left", ("thighs", "right"): "Thighs, right"}
BASELINE_ON = date(2026, 3, 1)


def _entry(side: str, area: str = "thighs", gais: int | None = 3, landmark: str = "") -> AreaEntry:
    return AreaEntry(area=area, side=side, nm_grade=2, gais=gais, landmark=landmark)


def test_a_reassessment_of_the_baseline_areas_takes_the_baselines_landmarks() -> None:
    checked = check_reassessed_areas(
        [_entry("left"), _entry("right", landmark="20 cm above the kneecap")],
        BASELINE,
        LABELS,
        BASELINE_ON,
    )
    assert [e.landmark for e in checked] == ["18 cm above the kneecap", "20 cm above the kneecap"]


def test_an_area_the_baseline_did_not_assess_is_refused_by_name() -> None:
    with pytest.raises(DomainError, match="did not assess buttocks left") as refused:
        check_reassessed_areas(
            [_entry("left"), _entry("right"), _entry("left", area="buttocks")],
            BASELINE,
            LABELS,
            BASELINE_ON,
        )
    assert refused.value.field == "areas"


def test_a_baseline_area_left_out_is_named() -> None:
    with pytest.raises(DomainError, match="Thighs, right is missing"):
        check_reassessed_areas([_entry("left")], BASELINE, LABELS, BASELINE_ON)


def test_the_clinicians_gais_is_required_for_each_area() -> None:
    with pytest.raises(DomainError, match="GAIS for Thighs, right") as refused:
        check_reassessed_areas(
            [_entry("left"), _entry("right", gais=None)], BASELINE, LABELS, BASELINE_ON
        )
    assert refused.value.field == "areas.1.gais"


def test_another_landmark_than_the_baselines_is_refused() -> None:
    with pytest.raises(DomainError, match="measure at the same place") as refused:
        check_reassessed_areas(
            [_entry("left", landmark="at the kneecap"), _entry("right")],
            BASELINE,
            LABELS,
            BASELINE_ON,
        )
    assert refused.value.field == "areas.0.landmark"


@pytest.mark.parametrize("value", [0, 6, True])
def test_a_patient_rating_outside_one_to_five_is_refused_with_the_scale(value: int) -> None:
    with pytest.raises(DomainError, match="1 very dissatisfied") as refused:
        check_patient_rating(value, "patient_satisfaction", SATISFACTION_SCORES)
    assert refused.value.field == "patient_satisfaction"


def test_a_patient_who_was_not_asked_leaves_her_rating_empty() -> None:
    assert check_patient_rating(None, "patient_gais", SATISFACTION_SCORES) is None


# -- properties -------------------------------------------------------------------------

courses = st.builds(
    lambda every, blocks, in_blocks, completed, done_share: (
        every,
        tuple(blocks if in_blocks else blocks[:1]),
        in_blocks,
        completed,
        done_share,
    ),
    st.integers(1, 8),
    st.lists(st.integers(1, 15), min_size=1, max_size=4),
    st.booleans(),
    st.booleans(),
    st.floats(0, 1),
)


def _from(drawn: tuple[int, tuple[int, ...], bool, bool, float]) -> CourseCounts:
    every, blocks, in_blocks, completed, share = drawn
    total = sum(blocks)
    done = total if completed else int(share * total)
    return _counts(done=done, blocks=blocks, in_blocks=in_blocks, completed=completed, every=every)


@given(courses)
def test_the_point_due_is_reached_and_the_next_is_still_to_come(drawn) -> None:
    counts = _from(drawn)
    status = reassessment_status(counts)
    if status.due is not None:
        assert status.due.at_session <= counts.done
    if status.next is not None:
        assert status.next.at_session > counts.done
    assert [p.at_session for p in status.points] == sorted({p.at_session for p in status.points})


@given(courses)
def test_a_reassessment_on_the_day_of_the_last_session_leaves_nothing_due(drawn) -> None:
    counts = _from(drawn)
    if counts.session_dates:
        met = replace(counts, reassessed_on=(counts.session_dates[-1],))
        assert reassessment_status(met).due is None


@given(courses)
def test_every_block_end_and_every_nth_session_is_a_point(drawn) -> None:
    counts = _from(drawn)
    at = {p.at_session for p in reassessment_points(counts)}
    total = sum(counts.blocks)
    assert set(range(counts.every, total + 1, counts.every)) <= at
    if counts.in_blocks:
        ends = {sum(counts.blocks[: n + 1]) for n in range(len(counts.blocks))}
        assert ends <= at
    assert at <= set(range(1, total + 1))
