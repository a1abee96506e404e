"""Progress charts: well-formed, self-contained SVG whose points sit inside the plot."""

from datetime import date, timedelta
from decimal import Decimal
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.progress_chart import (
    BOTTOM,
    CSS_SCALE,
    HEIGHT,
    LEFT,
    RIGHT,
    TOP,
    WIDTH,
    line_chart,
    progress_charts,
)
from mesoclinic.domain.protocol import Protocol
from tests.domain.progress_data import FIRST_SESSION, course, reading, visit

SVG = "{http://www.w3.org/2000/svg}"
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 (our own output, not outside data)


values = st.one_of(
    st.integers(min_value=0, max_value=15),
    st.decimals(min_value=Decimal("20.0"), max_value=Decimal("150.0"), places=1),
)


@given(
    title=st.text(max_size=40),
    points=st.lists(st.tuples(days, values), max_size=12),
    sessions=st.lists(days, max_size=20),
)
def test_any_series_draws_well_formed_svg_with_every_point_inside_the_plot(
    title, points, sessions
) -> None:
    svg = line_chart(title=title, unit="cm", points=points, sessions=sorted(sessions))
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    circles = root.findall(f"{SVG}circle")
    assert len(circles) == len(points)
    for circle in circles:
        assert LEFT <= float(circle.get("cx")) <= WIDTH - RIGHT
        assert TOP <= float(circle.get("cy")) <= HEIGHT - BOTTOM


def test_hostile_text_is_escaped_in_the_title_and_the_label() -> None:
    svg = line_chart(title='<script>"x"</script>&', unit="", points=[(date(2026, 1, 1), 3)])
    root = parse(svg)
    assert root.find(f"{SVG}title").text.startswith('<script>"x"</script>&')
    assert "<script>" not in svg
    assert root.findall(f".//{SVG}script") == []


def test_each_point_shows_its_value_as_text_and_the_title_summarises_the_series() -> None:
    points = [(date(2026, 9, 1), 9), (date(2026, 10, 10), 7)]
    root = parse(line_chart(title="CSS total", unit="", points=points, scale=CSS_SCALE))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "9" in texts
    assert "7" in texts
    assert root.get("aria-label") == "CSS total: 9 on 2026-09-01, 7 on 2026-10-10"


def test_sessions_are_ticks_and_the_window_is_shaded_and_labelled(protocol: Protocol) -> None:
    progress = course(protocol, [visit(2, FIRST_SESSION + timedelta(days=40), reading(css=7))])
    chart = next(c for c in progress_charts(progress) if c.key == "css_total:thighs:left")
    root = parse(chart.svg)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Shaded band: change, if any, often shows 14–28 days after session 1" in texts
    assert "sessions" in texts
    shaded = [r for r in root.iter(f"{SVG}rect") if r.get("fill") != "#ffffff"]
    assert len(shaded) == 1
    # One short tick per session above the axis.
    base = HEIGHT - BOTTOM
    ticks = [
        line
        for line in root.iter(f"{SVG}line")
        if float(line.get("y1")) == base - 6 and float(line.get("y2")) == base
    ]
    assert len(ticks) == len(progress.session_dates)


def test_the_course_has_a_chart_per_measure_per_area_and_per_visit_measure(
    protocol: Protocol,
) -> None:
    later = visit(
        2,
        FIRST_SESSION + timedelta(days=40),
        reading(css=7, gais=3),
        weight=Decimal("61.5"),
        satisfaction=4,
        patient_gais=3,
    )
    progress = course(protocol, [later])
    keys = [c.key for c in progress_charts(progress)]
    assert keys == [
        "css_total:thighs:left",
        "circumference:thighs:left",
        "nm_grade:thighs:left",
        "clinician_gais:thighs:left",
        "weight",
        "satisfaction",
        "patient_gais",
    ]
    weight = next(c for c in progress_charts(progress) if c.key == "weight")
    assert weight.rows == [(later.on, "61.5 kg")]
    assert 'aria-label="Weight: 61.5 kg on' in weight.svg


def test_the_svg_needs_nothing_from_outside(protocol: Protocol) -> None:
    progress = course(protocol, [visit(2, FIRST_SESSION + timedelta(days=40), reading(css=7))])
    for chart in progress_charts(progress):
        assert "<style" not in chart.svg
        assert "<script" not in chart.svg
        assert "href" not in chart.svg
        assert "class=" not in chart.svg
        root = parse(chart.svg)
        assert root.get("width") == str(WIDTH)
        assert root.get("height") == str(HEIGHT)


def _drawn(chart_svg: str) -> tuple[list[float], list[float]]:
    """The value axis's labelled steps (bottom to top) and each point's height as a share
    of the plot's height."""
    root = parse(chart_svg)
    steps = [
        float(t.text)
        for t in root.iter(f"{SVG}text")
        if t.get("text-anchor") == "end" and float(t.get("x")) == LEFT - 6
    ]
    plot = HEIGHT - TOP - BOTTOM
    heights = [(HEIGHT - BOTTOM - float(c.get("cy"))) / plot for c in root.iter(f"{SVG}circle")]
    return sorted(steps), heights


def test_a_half_kilo_change_in_weight_spans_under_a_tenth_of_the_plot_height(
    protocol: Protocol,
) -> None:
    later = [
        visit(2, FIRST_SESSION + timedelta(days=20), weight=Decimal("68.0")),
        visit(3, FIRST_SESSION + timedelta(days=40), weight=Decimal("67.5")),
    ]
    chart = next(c for c in progress_charts(course(protocol, later)) if c.key == "weight")
    steps, heights = _drawn(chart.svg)
    assert steps[-1] - steps[0] >= 10
    assert abs(heights[0] - heights[1]) < 0.1
    # Centred on the data: neither point hugs an edge of the plot.
    assert all(0.3 < h < 0.7 for h in heights)


def test_a_circumference_change_within_measurement_error_looks_nearly_flat(
    protocol: Protocol,
) -> None:
    error_cm = Decimal(course(protocol, []).rules.circumference_error_mm) / 10
    smaller = Decimal("60.5") - error_cm
    later = [visit(2, FIRST_SESSION + timedelta(days=40), reading(cm=str(smaller)))]
    progress = course(protocol, later)
    chart = next(c for c in progress_charts(progress) if c.key == "circumference:thighs:left")
    steps, heights = _drawn(chart.svg)
    assert steps[-1] - steps[0] >= 10 * error_cm
    assert abs(heights[0] - heights[1]) <= 0.1


def test_a_large_circumference_change_still_fills_the_axis_it_needs(protocol: Protocol) -> None:
    later = [visit(2, FIRST_SESSION + timedelta(days=40), reading(cm="40.0"))]
    chart = next(
        c for c in progress_charts(course(protocol, later)) if c.key == "circumference:thighs:left"
    )
    steps, heights = _drawn(chart.svg)
    assert steps[0] <= 40
    assert steps[-1] >= 60.5
    assert all(0 <= h <= 1 for h in heights)


def test_bounded_scales_run_their_whole_scale(protocol: Protocol) -> None:
    later = visit(
        2,
        FIRST_SESSION + timedelta(days=40),
        reading(css=8, gais=3),
        satisfaction=4,
        patient_gais=3,
    )
    charts = {c.key: c for c in progress_charts(course(protocol, [later]))}
    whole = {
        "css_total:thighs:left": (0, 15),
        "nm_grade:thighs:left": (0, 3),
        "clinician_gais:thighs:left": (1, 5),
        "satisfaction": (1, 5),
        "patient_gais": (1, 5),
    }
    for key, (low, high) in whole.items():
        steps, _ = _drawn(charts[key].svg)
        assert (steps[0], steps[-1]) == (low, high), key


def test_value_labels_sit_on_a_paper_patch_above_the_band_and_the_grid(
    protocol: Protocol,
) -> None:
    progress = course(protocol, [visit(2, FIRST_SESSION + timedelta(days=20), reading(css=7))])
    chart = next(c for c in progress_charts(progress) if c.key == "css_total:thighs:left")
    children = list(parse(chart.svg))
    band = next(i for i, e in enumerate(children) if e.get("stroke-dasharray"))
    last_grid_line = max(i for i, e in enumerate(children) if e.tag == f"{SVG}line")
    labels = [
        i
        for i, e in enumerate(children)
        if e.tag == f"{SVG}text" and e.get("text-anchor") == "middle" and e.text in {"9", "7"}
    ]
    assert len(labels) == 2
    for i in labels:
        patch = children[i - 1]
        assert patch.tag == f"{SVG}rect"
        assert patch.get("fill") == "#ffffff"
        assert i - 1 > band
        assert i - 1 > last_grid_line
        # The patch covers the label's baseline and the text's height above it.
        y = float(children[i].get("y"))
        assert float(patch.get("y")) <= y - 11
        assert float(patch.get("y")) + float(patch.get("height")) >= y
