"""Scoring an assessment: each area's grade, CSS total and band, GAIS and measurements."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.assessment import (
    AreaEntry,
    check_assessed_on,
    check_gais,
    check_kind,
    check_weight_kg,
    css_from_items,
    score_area,
    score_areas,
    worst_area,
)
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import PlanRequest, estimate_course
from mesoclinic.domain.grading import ExamFindings
from mesoclinic.domain.protocol import Protocol


def thigh(**fields: object) -> AreaEntry:
    values: dict[str, object] = {"area": "thighs", "side": "left", "nm_grade": 2}
    values.update(fields)
    return AreaEntry(**values)  # type: ignore[arg-type]


def test_css_total_and_band_come_from_the_items_and_the_protocol(protocol: Protocol) -> None:
    scored = score_area(thigh(css_items=(2, 2, 1, 1, 2)), kind="initial", protocol=protocol)

    assert scored.css_total == 8
    assert scored.css_band == "moderate"


def test_an_area_without_css_has_no_total_or_band(protocol: Protocol) -> None:
    scored = score_area(thigh(), kind="initial", protocol=protocol)

    assert (scored.css, scored.css_total, scored.css_band) == (None, None, None)


def test_css_item_e_that_differs_from_the_grade_is_refused_naming_item_e(
    protocol: Protocol,
) -> None:
    with pytest.raises(DomainError) as refused:
        score_area(thigh(css_items=(1, 1, 1, 1, 3)), kind="initial", protocol=protocol)
    assert refused.value.field == "css.E"


def test_a_partly_scored_css_is_refused_naming_the_first_missing_item() -> None:
    with pytest.raises(DomainError) as refused:
        css_from_items((1, None, 1, 1, None), 2)
    assert refused.value.field == "css.B"


def test_css_item_e_is_taken_from_the_nm_grade_when_left_out(protocol: Protocol) -> None:
    scored = score_area(
        thigh(nm_grade=3, css_items=(2, 2, 1, 1, None)), kind="initial", protocol=protocol
    )

    assert scored.css is not None
    assert (scored.css.e, scored.css_total) == (3, 9)


def test_item_e_alone_is_no_css_score() -> None:
    assert css_from_items((None, None, None, None, 2), 2) is None


def test_findings_take_precedence_over_a_typed_grade(protocol: Protocol) -> None:
    seen = ExamFindings(dimpling_on_pinch=True, visible_standing=True, visible_lying=True)

    scored = score_area(thigh(nm_grade=1, findings=seen), kind="initial", protocol=protocol)

    assert scored.nm_grade == 3
    assert scored.graded_from_findings


def test_contradictory_findings_are_refused_with_the_domain_message(protocol: Protocol) -> None:
    seen = ExamFindings(dimpling_on_pinch=True, visible_standing=False, visible_lying=True)

    with pytest.raises(DomainError) as refused:
        score_area(thigh(findings=seen), kind="initial", protocol=protocol)
    assert refused.value.field == "visible_lying"


def test_an_area_needs_a_grade_or_findings(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        score_area(thigh(nm_grade=None), kind="initial", protocol=protocol)
    assert refused.value.field == "nm_grade"


def test_gais_is_refused_on_an_initial_assessment() -> None:
    with pytest.raises(DomainError) as refused:
        check_gais(2, "initial")
    assert refused.value.field == "gais"


@pytest.mark.parametrize("gais", [1, 5])
def test_gais_runs_from_one_to_five_on_a_follow_up(gais: int) -> None:
    assert check_gais(gais, "follow_up") == gais


@pytest.mark.parametrize("gais", [0, 6, True])
def test_gais_outside_one_to_five_is_refused(gais: int) -> None:
    with pytest.raises(DomainError):
        check_gais(gais, "follow_up")


def test_a_circumference_needs_its_landmark(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        score_area(thigh(circumference_cm=Decimal("58.5")), kind="initial", protocol=protocol)
    assert refused.value.field == "landmark"


def test_a_circumference_with_a_slipped_decimal_point_is_refused(protocol: Protocol) -> None:
    entry = thigh(circumference_cm=Decimal("585"), landmark="18 cm above the kneecap")
    with pytest.raises(DomainError) as refused:
        score_area(entry, kind="initial", protocol=protocol)
    assert refused.value.field == "circumference_cm"


def test_a_paired_area_is_assessed_one_side_at_a_time(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        score_area(thigh(side=None), kind="initial", protocol=protocol)
    assert refused.value.field == "side"


def test_an_area_without_sides_takes_no_side(protocol: Protocol) -> None:
    with pytest.raises(DomainError):
        score_area(thigh(area="abdomen", side="left"), kind="initial", protocol=protocol)
    assert score_area(thigh(area="abdomen", side=None), kind="initial", protocol=protocol)


def test_an_error_in_one_area_names_that_area(protocol: Protocol) -> None:
    entries = [thigh(), thigh(side="right", css_items=(1, 1, 1, 1, 0))]
    with pytest.raises(DomainError) as refused:
        score_areas(entries, kind="initial", protocol=protocol)
    assert refused.value.field == "areas.1.css.E"


def test_the_same_area_and_side_twice_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        score_areas([thigh(), thigh()], kind="initial", protocol=protocol)
    assert refused.value.field == "areas.1.area"


def test_an_assessment_needs_at_least_one_area(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        score_areas([], kind="initial", protocol=protocol)
    assert refused.value.field == "areas"


def test_weight_outside_any_adult_body_is_refused() -> None:
    assert check_weight_kg(Decimal("68.4")) == Decimal("68.4")
    assert check_weight_kg(None) is None
    with pytest.raises(DomainError):
        check_weight_kg(Decimal("684"))


def test_an_assessment_cannot_be_dated_in_the_future() -> None:
    with pytest.raises(DomainError) as refused:
        check_assessed_on(date(2030, 1, 2), today=date(2030, 1, 1))
    assert refused.value.field == "assessed_on"


def test_kind_is_initial_or_follow_up() -> None:
    assert check_kind("follow_up") == "follow_up"
    with pytest.raises(DomainError):
        check_kind("final")


def test_the_worst_area_is_the_highest_grade(protocol: Protocol) -> None:
    scored = score_areas(
        [thigh(nm_grade=1), AreaEntry(area="buttocks", side="right", nm_grade=3)],
        kind="initial",
        protocol=protocol,
    )

    worst = worst_area(scored, protocol)

    assert worst is not None
    assert (worst.area, worst.side) == ("buttocks", "right")


entries = st.lists(
    st.builds(
        lambda area, side, grade: AreaEntry(area=area, side=side, nm_grade=grade),
        st.sampled_from(["thighs", "buttocks", "hips"]),
        st.sampled_from(["left", "right"]),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda entry: (entry.area, entry.side),
)


@given(entries)
def test_the_worst_area_is_the_one_a_course_estimate_is_driven_by(
    protocol: Protocol, areas: list[AreaEntry]
) -> None:
    scored = score_areas(areas, kind="initial", protocol=protocol)
    estimate = estimate_course(
        PlanRequest(areas=tuple(a.as_area_assessment() for a in scored), start=date(2030, 1, 7)),
        protocol,
    )

    worst = worst_area(scored, protocol)

    assert worst is not None
    assert worst.as_area_assessment() == estimate.driving_area
