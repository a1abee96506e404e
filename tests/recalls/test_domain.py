"""The recall rules alone, without a database: when maintenance falls due, where a recall
stands on the desk's list, and what a call may record."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.recall import (
    NO_ANSWER_RETRY_DAYS,
    call_on,
    check_call,
    check_postpone,
    days_overdue,
    maintenance_due_on,
    standing,
)

TODAY = date(2026, 3, 10)


def test_maintenance_is_due_its_interval_after_the_last_session():
    due = maintenance_due_on(
        interval_days=365, last_session_on=date(2026, 1, 5), completed_on=date(2026, 2, 1)
    )
    assert due == date(2027, 1, 5)


def test_a_course_completed_with_no_session_held_counts_from_the_day_it_completed():
    due = maintenance_due_on(interval_days=365, last_session_on=None, completed_on=TODAY)
    assert due == date(2027, 3, 10)


def test_a_grade_without_a_maintenance_rule_has_no_recall():
    assert maintenance_due_on(interval_days=None, last_session_on=TODAY, completed_on=TODAY) is None


@given(
    interval=st.integers(min_value=1, max_value=3650),
    last=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
)
def test_the_due_date_always_follows_the_last_session_by_exactly_the_interval(interval, last):
    due = maintenance_due_on(interval_days=interval, last_session_on=last, completed_on=TODAY)
    assert due is not None
    assert (due - last).days == interval


def _standing(due_on: date, call_on: date | None = None) -> str:
    return standing(due_on=due_on, call_on=call_on or due_on, today=TODAY, within_days=30)


def test_a_recall_is_overdue_once_its_day_has_passed_and_due_within_the_window():
    assert _standing(TODAY - timedelta(days=1)) == "overdue"
    assert _standing(TODAY) == "due"
    assert _standing(TODAY + timedelta(days=30)) == "due"
    assert _standing(TODAY + timedelta(days=31)) == "later"


def test_a_recall_stays_overdue_when_an_unanswered_call_sets_a_later_try():
    assert _standing(TODAY - timedelta(days=6), TODAY + timedelta(days=3)) == "overdue"
    assert _standing(TODAY - timedelta(days=6), TODAY + timedelta(days=90)) == "overdue"


def test_days_overdue_count_from_the_due_date_and_never_go_below_zero():
    assert days_overdue(TODAY - timedelta(days=12), TODAY) == 12
    assert days_overdue(TODAY + timedelta(days=3), TODAY) == 0


def test_the_day_to_call_is_the_next_try_when_it_comes_after_the_due_date():
    assert call_on(TODAY, None) == TODAY
    assert call_on(TODAY, TODAY + timedelta(days=3)) == TODAY + timedelta(days=3)
    assert call_on(TODAY + timedelta(days=9), TODAY + timedelta(days=3)) == TODAY + timedelta(
        days=9
    )


def _call(**values):
    arguments = {
        "outcome": "no_answer",
        "note": "",
        "next_try_on": None,
        "today": TODAY,
        "may_contact": True,
        **values,
    }
    return check_call(**arguments)


def test_an_unanswered_call_is_tried_again_a_few_days_later_by_default():
    assert _call()[2] == TODAY + timedelta(days=NO_ANSWER_RETRY_DAYS)
    assert _call(outcome="left_message")[2] == TODAY + timedelta(days=NO_ANSWER_RETRY_DAYS)


def test_an_unanswered_call_keeps_the_next_try_the_desk_chose():
    assert _call(next_try_on=TODAY + timedelta(days=7))[2] == TODAY + timedelta(days=7)


@pytest.mark.parametrize("days", [0, -1, 400])
def test_a_next_try_today_in_the_past_or_beyond_a_year_is_refused(days):
    with pytest.raises(DomainError) as refused:
        _call(next_try_on=TODAY + timedelta(days=days))
    assert refused.value.field == "next_try_on"


def test_only_an_unanswered_call_has_a_next_try():
    with pytest.raises(DomainError) as refused:
        _call(outcome="declined", next_try_on=TODAY + timedelta(days=3))
    assert refused.value.field == "next_try_on"


def test_a_patient_who_does_not_allow_contact_cannot_be_recorded_as_called():
    with pytest.raises(DomainError) as refused:
        _call(outcome="declined", may_contact=False)
    assert refused.value.field == "outcome"
    assert "does not allow contact" in refused.value.message


def test_an_unknown_outcome_is_refused_naming_the_choices():
    with pytest.raises(DomainError) as refused:
        _call(outcome="maybe")
    assert "booked, declined, no_answer, left_message" in refused.value.message


def test_a_note_with_control_characters_is_refused():
    with pytest.raises(DomainError) as refused:
        _call(note="called\x00")
    assert refused.value.field == "note"


def test_a_postponement_moves_the_due_date_later_with_a_reason():
    assert check_postpone(
        due_on=TODAY + timedelta(days=40), reason=" On holiday ", current=TODAY, today=TODAY
    ) == (TODAY + timedelta(days=40), "On holiday")


def test_a_postponement_without_a_reason_or_to_an_earlier_day_is_refused():
    with pytest.raises(DomainError) as no_reason:
        check_postpone(due_on=TODAY + timedelta(days=40), reason=" ", current=TODAY, today=TODAY)
    with pytest.raises(DomainError) as earlier:
        check_postpone(
            due_on=TODAY + timedelta(days=5),
            reason="Asked",
            current=TODAY + timedelta(days=20),
            today=TODAY,
        )
    assert (no_reason.value.field, earlier.value.field) == ("reason", "due_on")
