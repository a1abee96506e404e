"""When a course that shows no change is flagged for the practitioner's decision."""

from datetime import date, timedelta

from mesoclinic.domain.non_responder import ReviewStatus, non_responder_review, review_point
from mesoclinic.domain.protocol import Protocol
from tests.domain.progress_data import FIRST_SESSION, course, reading, visit

SIXTH_SESSION = FIRST_SESSION + timedelta(days=35)
AFTER = SIXTH_SESSION + timedelta(days=2)


def review(protocol: Protocol, later, sessions: int = 6, on: date = AFTER, answered=()):
    progress = course(protocol, later, sessions=sessions)
    return non_responder_review(progress, on=on, protocol=protocol, answered=answered)


def test_a_course_before_its_review_point_is_not_due(protocol: Protocol) -> None:
    result = review(protocol, [], sessions=2, on=FIRST_SESSION + timedelta(days=8))
    assert result.status == ReviewStatus.NOT_DUE
    assert not result.needs_attention


def test_the_review_point_is_the_sixth_session_when_it_comes_before_the_window_ends(
    protocol: Protocol,
) -> None:
    weekly = tuple(FIRST_SESSION + timedelta(days=2 * n) for n in range(6))
    assert review_point(weekly, protocol) == weekly[5]


def test_the_review_point_is_the_windows_last_day_when_sessions_are_few(
    protocol: Protocol,
) -> None:
    end = protocol.first_improvement_days[1]
    assert review_point((FIRST_SESSION,), protocol) == FIRST_SESSION + timedelta(days=end)


def test_a_flat_reassessment_on_the_windows_last_day_answers_the_review(
    protocol: Protocol,
) -> None:
    window_end = FIRST_SESSION + timedelta(days=protocol.first_improvement_days[1])
    result = review(protocol, [visit(2, window_end, reading())], sessions=5)
    assert result.status == ReviewStatus.FLAGGED


def test_a_flat_reassessment_after_the_review_point_flags_the_course(protocol: Protocol) -> None:
    result = review(protocol, [visit(2, AFTER, reading(css=9, cm="60.0"))])
    assert result.status == ReviewStatus.FLAGGED
    assert result.needs_decision
    assert result.change is not None
    assert result.change.css_change == 0
    assert "No change on the index area (Thighs, left)" in result.message
    assert "after 6 sessions (CSS total 9 → 9, circumference −0.5 cm)" in result.message


def test_a_css_drop_is_a_change_and_raises_no_flag(protocol: Protocol) -> None:
    result = review(protocol, [visit(2, AFTER, reading(css=8))])
    assert result.status == ReviewStatus.SHOWS_CHANGE
    assert not result.needs_attention


def test_a_rise_is_no_change_and_is_flagged(protocol: Protocol) -> None:
    assert review(protocol, [visit(2, AFTER, reading(css=10))]).needs_decision


def test_due_without_a_reassessment_since_the_review_point_asks_to_reassess(
    protocol: Protocol,
) -> None:
    point = review_point(course(protocol, []).session_dates, protocol)
    assert point is not None
    early = visit(2, point - timedelta(days=1), reading(css=9))
    result = review(protocol, [early])
    assert result.review_from == point
    assert result.status == ReviewStatus.REASSESS
    assert result.message.startswith("Reassess to review")
    assert result.needs_attention
    assert not result.needs_decision


def test_a_reassessment_without_the_index_figures_cannot_be_read(protocol: Protocol) -> None:
    result = review(protocol, [visit(2, AFTER, reading(css=None, cm=None))])
    assert result.status == ReviewStatus.UNREADABLE
    assert result.message.startswith("Reassess to review")


def test_a_decision_on_the_flat_reassessment_answers_the_flag(protocol: Protocol) -> None:
    result = review(protocol, [visit(2, AFTER, reading(css=9))], answered={2})
    assert result.status == ReviewStatus.ANSWERED
    assert not result.needs_attention


def test_a_later_flat_reassessment_raises_the_flag_again(protocol: Protocol) -> None:
    later = [visit(2, AFTER, reading(css=9)), visit(3, AFTER + timedelta(days=14), reading())]
    result = review(protocol, later, on=AFTER + timedelta(days=14), answered={2})
    assert result.status == ReviewStatus.FLAGGED
    assert result.reassessment is not None
    assert result.reassessment.assessment_id == 3
