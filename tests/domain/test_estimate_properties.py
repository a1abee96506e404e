"""Rules that hold for every plan, checked over many generated inputs."""

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import assume, given
from hypothesis import strategies as st

from mesoclinic.domain.estimate import (
    EXPECTATIONS,
    AreaAssessment,
    CourseEstimate,
    PlanRequest,
    estimate_as_json,
    estimate_course,
)
from mesoclinic.domain.grading import css_total_limits
from mesoclinic.domain.protocol import Protocol
from mesoclinic.protocols import load_protocol

# Loaded here rather than through the fixture: hypothesis runs each example in one test call.
PROTOCOL: Protocol = load_protocol()

starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
cadences = st.sampled_from(sorted(PROTOCOL.cadences.values()))
expectations = st.sampled_from(EXPECTATIONS)
areas_with_sides = st.sampled_from([(a.key, s) for a in PROTOCOL.body_areas for s in a.sides])


@st.composite
def assessments(draw: st.DrawFn) -> AreaAssessment:
    grade = draw(st.integers(0, 3))
    low, high = css_total_limits(grade)
    total = draw(st.none() | st.integers(low, high))
    area, side = draw(areas_with_sides)
    return AreaAssessment(area, side, grade, css_total=total)


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    return PlanRequest(
        areas=(draw(assessments()),),
        start=draw(starts),
        cadence_days=draw(cadences),
        expectation=draw(expectations),
        lifestyle=draw(st.booleans()),
    )


def recommended(grade: int, total: int | None, request: PlanRequest) -> int:
    """The count for one area graded so, all other inputs as in `request`."""
    area = AreaAssessment("thighs", None, grade, css_total=total)
    return estimate_course(replace(request, areas=(area,)), PROTOCOL).recommended


@given(requests(), st.integers(0, 2), st.data())
def test_a_worse_grade_never_lowers_the_recommendation(
    request: PlanRequest, grade: int, data: st.DataObject
) -> None:
    # A CSS total that is possible at both grades (item E is the grade itself), or none.
    low, high = css_total_limits(grade + 1)[0], css_total_limits(grade)[1]
    total = data.draw(st.none() | st.integers(low, high))
    assert recommended(grade + 1, total, request) >= recommended(grade, total, request)


@given(requests(), st.integers(0, 3), st.data())
def test_a_higher_css_total_never_lowers_the_recommendation(
    request: PlanRequest, grade: int, data: st.DataObject
) -> None:
    low, high = css_total_limits(grade)
    lower = data.draw(st.integers(low, high))
    higher = data.draw(st.integers(lower, high))
    assert recommended(grade, higher, request) >= recommended(grade, lower, request)


@given(requests())
def test_a_marked_expectation_never_lowers_the_count(request: PlanRequest) -> None:
    modest = estimate_course(replace(request, expectation="modest"), PROTOCOL)
    marked = estimate_course(replace(request, expectation="marked"), PROTOCOL)
    assert marked.recommended >= modest.recommended


@given(requests())
def test_an_exercise_and_diet_programme_never_raises_the_count(request: PlanRequest) -> None:
    without = estimate_course(replace(request, lifestyle=False), PROTOCOL)
    following = estimate_course(replace(request, lifestyle=True), PROTOCOL)
    assert following.recommended <= without.recommended


@given(requests())
def test_the_recommendation_always_lies_within_the_range(request: PlanRequest) -> None:
    estimate = estimate_course(request, PROTOCOL)
    assert estimate.sessions_min <= estimate.recommended
    if estimate.sessions_max is not None:
        assert estimate.recommended <= estimate.sessions_max


@given(requests())
def test_one_date_is_planned_for_each_recommended_session(request: PlanRequest) -> None:
    estimate = estimate_course(request, PROTOCOL)
    assert len(estimate.dates) == estimate.recommended


@given(requests())
def test_planned_dates_start_on_the_start_date_and_keep_the_cadence(
    request: PlanRequest,
) -> None:
    dates = estimate_course(request, PROTOCOL).dates
    if dates:
        assert dates[0] == request.start
    gaps = {later - earlier for earlier, later in pairwise(dates)}
    assert gaps <= {timedelta(days=request.cadence_days)}


@given(requests())
def test_reassessments_fall_on_planned_session_dates_in_order(request: PlanRequest) -> None:
    estimate = estimate_course(request, PROTOCOL)
    assert set(estimate.reassessment_dates) <= set(estimate.dates)
    assert list(estimate.reassessment_dates) == sorted(set(estimate.reassessment_dates))


@given(requests())
def test_every_explanation_line_is_one_or_two_plain_sentences(request: PlanRequest) -> None:
    for line in estimate_course(request, PROTOCOL).explanation:
        assert line.endswith(".")
        assert line.count(". ") <= 1


@given(requests(), st.data())
def test_adding_a_milder_area_never_changes_the_plan(
    request: PlanRequest, data: st.DataObject
) -> None:
    worst = request.areas[0]
    assume(worst.nm_grade > 0)
    # The generated areas all have sides, so the abdomen is never the same area.
    milder = AreaAssessment("abdomen", None, data.draw(st.integers(0, worst.nm_grade - 1)))
    alone = estimate_course(request, PROTOCOL)
    together = estimate_course(replace(request, areas=(milder, worst)), PROTOCOL)
    assert together.dates == alone.dates
    assert together.driving_area == worst


def _is_date_text(value: object) -> bool:
    return isinstance(value, str) and date.fromisoformat(value).isoformat() == value


@given(requests())
def test_the_json_form_always_has_the_documented_keys_and_types(request: PlanRequest) -> None:
    estimate: CourseEstimate = estimate_course(request, PROTOCOL)
    as_json = estimate_as_json(estimate)
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
    sessions = as_json["sessions"]
    assert isinstance(sessions, dict)
    assert list(sessions) == ["min", "max", "recommended"]
    assert isinstance(sessions["min"], int)
    assert sessions["max"] is None or isinstance(sessions["max"], int)
    assert isinstance(sessions["recommended"], int)
    assert isinstance(as_json["cadence_days"], int)
    assert isinstance(as_json["session_minutes"], int)
    dates = as_json["dates"]
    assert isinstance(dates, list)
    assert all(_is_date_text(day) for day in dates)
    window = as_json["first_improvement"]
    assert window is None or (
        isinstance(window, dict)
        and list(window) == ["from", "to"]
        and all(_is_date_text(day) for day in window.values())
    )
    interval = as_json["maintenance_interval_days"]
    assert interval is None or isinstance(interval, int)
    assert isinstance(as_json["uncertain"], bool)
    explanation = as_json["explanation"]
    assert isinstance(explanation, list)
    assert all(isinstance(line, str) for line in explanation)
    assert as_json["protocol"] == {"name": PROTOCOL.name, "version": PROTOCOL.version}
