"""Grading a body area: the Nürnberger–Müller grade and the Hexsel CSS score."""

import pytest

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.grading import (
    CSSScore,
    ExamFindings,
    check_css_total,
    check_nm_grade,
    css_total_limits,
    nm_grade_from_findings,
)


def findings(pinch: bool, standing: bool, lying: bool) -> ExamFindings:
    return ExamFindings(dimpling_on_pinch=pinch, visible_standing=standing, visible_lying=lying)


def test_no_dimpling_even_when_pinched_is_grade_zero() -> None:
    assert nm_grade_from_findings(findings(pinch=False, standing=False, lying=False)) == 0


def test_dimpling_that_shows_only_when_pinched_is_grade_one() -> None:
    assert nm_grade_from_findings(findings(pinch=True, standing=False, lying=False)) == 1


def test_dimpling_visible_standing_but_gone_lying_down_is_grade_two() -> None:
    assert nm_grade_from_findings(findings(pinch=True, standing=True, lying=False)) == 2


def test_dimpling_visible_standing_and_lying_is_grade_three() -> None:
    assert nm_grade_from_findings(findings(pinch=True, standing=True, lying=True)) == 3


def test_dimpling_visible_lying_but_not_standing_is_refused_as_contradictory() -> None:
    with pytest.raises(DomainError) as refused:
        nm_grade_from_findings(findings(pinch=True, standing=False, lying=True))
    assert refused.value.field == "visible_lying"
    assert "visible_standing" in str(refused.value)


def test_dimpling_visible_standing_but_not_on_pinching_is_refused_as_contradictory() -> None:
    with pytest.raises(DomainError) as refused:
        nm_grade_from_findings(findings(pinch=False, standing=True, lying=False))
    assert refused.value.field == "dimpling_on_pinch"


def test_findings_must_be_yes_or_no() -> None:
    with pytest.raises(DomainError) as refused:
        ExamFindings(dimpling_on_pinch="yes", visible_standing=False, visible_lying=False)  # type: ignore[arg-type]
    assert refused.value.field == "dimpling_on_pinch"


@pytest.mark.parametrize("grade", [0, 1, 2, 3])
def test_nm_grades_run_from_zero_to_three(grade: int) -> None:
    assert check_nm_grade(grade) == grade


def test_grade_seven_is_refused_naming_the_allowed_grades() -> None:
    with pytest.raises(DomainError) as refused:
        check_nm_grade(7)
    assert refused.value.field == "grade"
    assert str(refused.value) == "NM grade must be 0, 1, 2 or 3; got 7."
    assert refused.value.message == str(refused.value)


def test_true_is_not_taken_for_grade_one() -> None:
    with pytest.raises(DomainError):
        check_nm_grade(True)


def test_css_total_is_the_sum_of_items_a_to_e() -> None:
    assert CSSScore(a=1, b=2, c=1, d=0, e=2).total == 6


def test_css_item_above_three_is_refused_naming_the_item() -> None:
    with pytest.raises(DomainError) as refused:
        CSSScore(a=1, b=4, c=1, d=0, e=2)
    assert refused.value.field == "css.B"
    assert str(refused.value) == "CSS item B must be 0–3; got 4."


def test_negative_css_item_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        CSSScore(a=-1, b=0, c=0, d=0, e=0)
    assert refused.value.field == "css.A"


def test_css_can_be_typed_as_five_scores_separated_by_commas() -> None:
    assert CSSScore.parse("1,2,1,0,2") == CSSScore(1, 2, 1, 0, 2)
    assert CSSScore.parse(" 1, 2 ,1,0, 2 ") == CSSScore(1, 2, 1, 0, 2)


def test_css_typed_with_two_scores_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        CSSScore.parse("1,2")
    assert refused.value.field == "css"
    assert "five scores" in str(refused.value)


@pytest.mark.parametrize("typed", ["1,2,x,0,2", "1,2,1.5,0,2", "1,2,,0,2", "1,2,-1,0,2"])
def test_css_typed_with_something_other_than_whole_numbers_is_refused(typed: str) -> None:
    with pytest.raises(DomainError) as refused:
        CSSScore.parse(typed)
    assert refused.value.field == "css"


def test_css_typed_with_an_item_above_three_names_that_item() -> None:
    with pytest.raises(DomainError) as refused:
        CSSScore.parse("1,2,1,5,2")
    assert refused.value.field == "css.D"


@pytest.mark.parametrize("total", [0, 8, 15])
def test_css_totals_run_from_zero_to_fifteen(total: int) -> None:
    assert check_css_total(total) == total


@pytest.mark.parametrize("total", [-1, 16])
def test_css_total_outside_zero_to_fifteen_is_refused(total: int) -> None:
    with pytest.raises(DomainError) as refused:
        check_css_total(total)
    assert refused.value.field == "css_total"
    assert str(refused.value) == f"CSS total must be 0–15; got {total}."


def test_css_item_e_is_the_nm_grade_so_the_grade_bounds_the_total() -> None:
    assert css_total_limits(0) == (0, 12)
    assert css_total_limits(2) == (2, 14)
    assert css_total_limits(3) == (3, 15)
