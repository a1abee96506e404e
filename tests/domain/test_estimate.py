"""How graded areas become a course estimate, with the packaged protocol's defaults.

Grade 0: no course. Grade 1: one preventive session a year. Grade 2: usually 10–15
sessions, 3–5 when the CSS is mild. Grade 3: more than 20, open-ended, reviewed in blocks.
"""

from datetime import date, datetime, timedelta

import pytest

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import (
    AreaAssessment,
    CourseEstimate,
    PlanRequest,
    estimate_as_json,
    estimate_course,
)
from mesoclinic.domain.grading import CSSScore
from mesoclinic.domain.protocol import Protocol

MONDAY = date(2025, 3, 3)


def plan(protocol: Protocol, *areas: AreaAssessment, **options: object) -> CourseEstimate:
    request = PlanRequest(areas=areas, start=MONDAY, **options)  # type: ignore[arg-type]
    return estimate_course(request, protocol)


def thighs(grade: int, css_total: int | None = None, side: str | None = "left") -> AreaAssessment:
    return AreaAssessment(area="thighs", side=side, nm_grade=grade, css_total=css_total)


# -- the count for each grade ---------------------------------------------------------------


def test_grade_two_with_moderate_css_needs_ten_to_fifteen_weekly_sessions(
    protocol: Protocol,
) -> None:
    estimate = plan(protocol, thighs(2, css_total=8))
    assert (estimate.sessions_min, estimate.sessions_max) == (10, 15)
    assert estimate.cadence_days == 7
    assert estimate.session_minutes == 60
    # CSS 8 is low among the totals (6–14) that lead to 10–15 sessions at grade 2.
    assert estimate.recommended == 11


def test_grade_two_with_mild_css_needs_three_to_five_sessions(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(2, css_total=4))
    assert (estimate.sessions_min, estimate.sessions_max) == (3, 5)
    assert estimate.recommended == 4
    assert "with CSS 4 in the mild band (1–5): usually 3–5 sessions" in estimate.explanation[1]


def test_grade_two_without_css_uses_the_full_range_and_says_a_css_could_narrow_it(
    protocol: Protocol,
) -> None:
    estimate = plan(protocol, thighs(2))
    assert (estimate.sessions_min, estimate.sessions_max) == (10, 15)
    assert "No CSS score was given" in estimate.explanation[1]
    assert "3–5 sessions in the mild band" in estimate.explanation[1]


def test_without_css_the_recommendation_starts_in_the_middle_of_the_range(
    protocol: Protocol,
) -> None:
    estimate = plan(protocol, thighs(2))
    assert estimate.recommended == 13  # 12.5, rounded half up
    assert "Without a CSS score the starting point is the middle of the 10–15 range: 13." in (
        estimate.explanation
    )


def test_grade_two_at_the_top_of_the_severe_band_is_the_top_of_the_range(
    protocol: Protocol,
) -> None:
    assert plan(protocol, thighs(2, css_total=14)).recommended == 15


def test_grade_one_is_one_preventive_session_repeated_yearly(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(1))
    assert estimate.recommended == 1
    assert (estimate.sessions_min, estimate.sessions_max) == (1, 1)
    assert estimate.dates == (MONDAY,)
    assert estimate.maintenance_interval_days == 365
    assert estimate.first_improvement is None
    assert estimate.reassessment_dates == ()
    assert "1 preventive session, repeated every 365 days" in estimate.explanation[1]


def test_grade_three_needs_more_than_twenty_sessions_with_no_fixed_maximum(
    protocol: Protocol,
) -> None:
    estimate = plan(protocol, thighs(3))
    assert estimate.sessions_min == 21
    assert estimate.sessions_max is None
    assert estimate.uncertain is True
    # Open-ended: the plan books the minimum plus up to one block of 10 sessions.
    assert 21 <= estimate.recommended <= 30
    assert any(line.startswith("The count is uncertain") for line in estimate.explanation)
    assert any("reviewed at each reassessment" in line for line in estimate.explanation)


def test_grade_three_with_the_highest_css_plans_one_full_block_beyond_twenty(
    protocol: Protocol,
) -> None:
    assert plan(protocol, thighs(3, css_total=15)).recommended == 30
    assert plan(protocol, thighs(3, css_total=3)).recommended == 21


def test_grade_zero_recommends_no_course(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(0))
    assert estimate.recommended == 0
    assert (estimate.sessions_min, estimate.sessions_max) == (0, 0)
    assert estimate.dates == ()
    assert estimate.first_improvement is None
    assert estimate.reassessment_dates == ()
    assert estimate.maintenance_interval_days is None
    assert estimate.uncertain is False
    assert "no course is recommended" in estimate.explanation[-1]


# -- what moves the count ------------------------------------------------------------------


def test_a_marked_expectation_adds_one_session(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(2, css_total=8), expectation="marked")
    assert estimate.recommended == 12
    assert "Expectation 'marked': +1 session." in estimate.explanation


def test_an_exercise_and_diet_programme_takes_one_session_off(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(2, css_total=8), lifestyle=True)
    assert estimate.recommended == 10
    assert "Follows an exercise and diet programme: −1 session." in estimate.explanation


def test_a_modest_expectation_without_a_programme_changes_nothing(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(2, css_total=8))
    assert "Expectation 'modest': no change to the number of sessions." in estimate.explanation
    assert (
        "No exercise and diet programme noted: no change to the number of sessions."
        in estimate.explanation
    )


def test_the_recommendation_never_leaves_the_range(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(2, css_total=14), expectation="marked")
    assert estimate.recommended == 15
    assert "Kept within the 10–15 range: 15." in estimate.explanation


def test_expectation_and_programme_cannot_change_a_fixed_count(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(1), expectation="marked", lifestyle=True)
    assert estimate.recommended == 1
    assert any("do not change it" in line for line in estimate.explanation)


# -- several areas ---------------------------------------------------------------------------


def test_the_worst_area_sets_the_count_and_is_named(protocol: Protocol) -> None:
    estimate = plan(
        protocol,
        AreaAssessment("abdomen", None, nm_grade=1),
        thighs(2, css_total=8),
        AreaAssessment("buttocks", "right", nm_grade=2, css_total=5),
    )
    assert estimate.driving_area == thighs(2, css_total=8)
    assert estimate.explanation[0] == (
        "Worst of 3 areas assessed: thighs (left), NM grade 2, CSS 8; it sets the session count."
    )


def test_between_equal_grades_the_higher_css_total_is_worse(protocol: Protocol) -> None:
    hips = AreaAssessment("hips", "left", nm_grade=2, css_total=12)
    estimate = plan(protocol, thighs(2, css_total=8), hips)
    assert estimate.driving_area == hips


def test_an_unscored_area_counts_as_milder_than_a_scored_one_of_the_same_grade(
    protocol: Protocol,
) -> None:
    hips = AreaAssessment("hips", None, nm_grade=2, css_total=2)
    assert plan(protocol, thighs(2), hips).driving_area == hips


def test_between_otherwise_equal_areas_the_protocol_order_decides(protocol: Protocol) -> None:
    abdomen = AreaAssessment("abdomen", None, nm_grade=2)
    # The protocol lists thighs before abdomen.
    assert plan(protocol, abdomen, thighs(2)).driving_area == thighs(2)


def test_css_items_and_the_same_css_total_give_the_same_plan(protocol: Protocol) -> None:
    by_items = AreaAssessment("thighs", "left", nm_grade=2, css=CSSScore.parse("2,2,1,1,2"))
    by_total = thighs(2, css_total=8)
    assert plan(protocol, by_items).dates == plan(protocol, by_total).dates


# -- dates -------------------------------------------------------------------------------------


def test_sessions_are_planned_at_the_chosen_cadence_from_the_start_date(
    protocol: Protocol,
) -> None:
    estimate = plan(protocol, thighs(2, css_total=4), cadence_days=14)
    assert estimate.dates == (MONDAY, date(2025, 3, 17), date(2025, 3, 31), date(2025, 4, 14))


def test_change_if_any_is_expected_two_to_four_weeks_after_the_start(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(2, css_total=8))
    assert estimate.first_improvement == (MONDAY + timedelta(days=14), MONDAY + timedelta(days=28))
    assert (
        "Change, if any, usually shows after 2–4 weeks (2025-03-17 to 2025-03-31); "
        "results vary and are not guaranteed."
    ) in estimate.explanation


def test_reassess_every_five_sessions_and_at_the_last_as_the_course_will(
    protocol: Protocol,
) -> None:
    estimate = plan(protocol, thighs(2, css_total=8))
    assert estimate.reassessment_dates == (
        estimate.dates[4],
        estimate.dates[9],
        estimate.dates[-1],
    )


def test_a_short_course_ending_before_change_could_show_is_reassessed_at_its_last_session(
    protocol: Protocol,
) -> None:
    estimate = plan(protocol, thighs(2, css_total=2))
    assert estimate.recommended == 3
    assert estimate.reassessment_dates == (estimate.dates[-1],)


def test_grade_three_is_also_reassessed_at_the_end_of_every_block_of_ten(
    protocol: Protocol,
) -> None:
    estimate = plan(protocol, thighs(3))
    assert estimate.reassessment_dates == (
        estimate.dates[4],
        estimate.dates[9],  # the end of block 1
        estimate.dates[14],
        estimate.dates[19],  # the end of block 2
        estimate.dates[24],
        estimate.dates[-1],
    )


def test_after_a_course_a_maintenance_visit_is_due_yearly(protocol: Protocol) -> None:
    for grade in (2, 3):
        estimate = plan(protocol, thighs(grade))
        assert estimate.maintenance_interval_days == 365
        assert "After the course, a maintenance visit is due every 365 days." in (
            estimate.explanation
        )


# -- honesty -------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade", [1, 2, 3])
def test_every_plan_says_it_is_an_estimate_not_a_promise(protocol: Protocol, grade: int) -> None:
    explanation = plan(protocol, thighs(grade)).explanation
    assert explanation[-1] == (
        "This is a planning estimate, not a promise: the evidence for mesotherapy in "
        "cellulite is limited."
    )


@pytest.mark.parametrize("grade", [0, 1, 2, 3])
def test_no_plan_repeats_the_marketing_claims(protocol: Protocol, grade: int) -> None:
    text = " ".join(plan(protocol, thighs(grade), expectation="marked").explanation).lower()
    for claim in ("painless", "removal", "remove", "no side effects", "guaranteed results"):
        assert claim not in text


# -- refused input --------------------------------------------------------------------------------


def test_a_css_item_e_that_differs_from_the_nm_grade_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        AreaAssessment("thighs", "left", nm_grade=2, css=CSSScore.parse("1,1,1,1,3"))
    assert refused.value.field == "css.E"
    assert str(refused.value) == (
        "CSS item E is the NM grade (2) but was given as 3: correct one of them."
    )


def test_a_css_total_below_the_nm_grade_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        thighs(3, css_total=2)
    assert refused.value.field == "css_total"
    assert "must be 3–15" in str(refused.value)


def test_css_items_and_a_css_total_together_are_refused() -> None:
    with pytest.raises(DomainError) as refused:
        AreaAssessment("thighs", None, 2, css=CSSScore.parse("1,1,1,1,2"), css_total=6)
    assert refused.value.field == "css"


def test_an_nm_grade_of_seven_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        thighs(7)
    assert refused.value.field == "grade"


def test_an_unknown_area_is_refused_listing_the_valid_areas(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        plan(protocol, AreaAssessment("knees", None, nm_grade=2))
    assert refused.value.field == "area"
    assert str(refused.value) == (
        "Unknown body area 'knees'; choose one of: "
        "thighs, buttocks, hips, flanks, abdomen, upper_arms."
    )


def test_a_side_the_area_does_not_have_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        plan(protocol, thighs(2, side="middle"))
    assert refused.value.field == "side"
    assert "left or right" in str(refused.value)


def test_a_side_for_an_area_without_sides_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        plan(protocol, AreaAssessment("abdomen", "left", nm_grade=2))
    assert refused.value.field == "side"


def test_a_cadence_the_protocol_does_not_offer_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        plan(protocol, thighs(2), cadence_days=10)
    assert refused.value.field == "cadence"
    assert str(refused.value) == "Cadence must be 7 (weekly) or 14 (fortnightly) days; got 10."


def test_the_same_area_and_side_twice_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        plan(protocol, thighs(2), thighs(1))
    assert refused.value.field == "areas"


def test_both_sides_together_with_one_side_of_the_same_area_is_refused(
    protocol: Protocol,
) -> None:
    with pytest.raises(DomainError) as refused:
        plan(protocol, thighs(2, side=None), thighs(1, side="right"))
    assert refused.value.field == "areas"


def test_the_left_and_right_side_of_an_area_may_be_graded_separately(protocol: Protocol) -> None:
    estimate = plan(protocol, thighs(2, side="left"), thighs(3, side="right"))
    assert estimate.driving_area == thighs(3, side="right")


def test_a_plan_needs_at_least_one_area() -> None:
    with pytest.raises(DomainError) as refused:
        PlanRequest(areas=(), start=MONDAY)
    assert refused.value.field == "areas"


def test_a_start_with_a_time_of_day_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        PlanRequest(areas=(thighs(2),), start=datetime(2025, 3, 3, 9, 0))  # noqa: DTZ001
    assert refused.value.field == "start"


@pytest.mark.parametrize("start", [date(9999, 12, 31), date(1, 1, 1)])
def test_a_start_outside_1900_to_2100_is_refused_before_any_date_is_counted(start: date) -> None:
    with pytest.raises(DomainError) as refused:
        PlanRequest(areas=(thighs(2),), start=start)
    assert (refused.value.field, refused.value.message) == (
        "start",
        "Use a date between 1900 and 2100.",
    )


def test_an_unknown_expectation_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        PlanRequest(areas=(thighs(2),), start=MONDAY, expectation="total")  # type: ignore[arg-type]
    assert refused.value.field == "expectation"


# -- the JSON form ----------------------------------------------------------------------------


def test_the_json_form_has_exactly_the_documented_shape(protocol: Protocol) -> None:
    as_json = estimate_as_json(plan(protocol, thighs(2, css_total=4)))
    assert as_json == {
        "sessions": {"min": 3, "max": 5, "recommended": 4},
        "cadence_days": 7,
        "session_minutes": 60,
        "dates": ["2025-03-03", "2025-03-10", "2025-03-17", "2025-03-24"],
        "first_improvement": {"from": "2025-03-17", "to": "2025-03-31"},
        "maintenance_interval_days": 365,
        "uncertain": False,
        "explanation": list(plan(protocol, thighs(2, css_total=4)).explanation),
        "protocol": {"name": "Mesotherapy for cellulite", "version": "1"},
    }
    assert list(as_json) == [
        "sessions",
        "cadence_days",
        "session_minutes",
        "dates",
        "first_improvement",
        "maintenance_interval_days",
        "uncertain",
        "explanation",
        "protocol",
    ]


def test_the_json_form_of_no_course_has_nulls_and_no_dates(protocol: Protocol) -> None:
    as_json = estimate_as_json(plan(protocol, thighs(0)))
    assert as_json["sessions"] == {"min": 0, "max": 0, "recommended": 0}
    assert as_json["dates"] == []
    assert as_json["first_improvement"] is None
    assert as_json["maintenance_interval_days"] is None


def test_the_json_form_of_an_open_ended_course_has_no_maximum(protocol: Protocol) -> None:
    sessions = estimate_as_json(plan(protocol, thighs(3)))["sessions"]
    assert isinstance(sessions, dict)
    assert sessions["max"] is None
