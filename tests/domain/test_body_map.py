"""The body diagram: every protocol zone has a place or is listed in words, left and right
follow the anatomical convention, and the SVG is well-formed whatever the text."""

import xml.etree.ElementTree as ET
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.body_map import (
    SHADES,
    ZoneMark,
    body_map_svg,
    on_diagram,
    shade_levels,
    zone_shapes,
    zones_treated,
)
from mesoclinic.protocols import load_protocol

SVG = "{http://www.w3.org/2000/svg}"
# Loaded here rather than through the fixture: hypothesis runs each example in one test call.
PROTOCOL = load_protocol()


def parse(source: str) -> ET.Element:
    # Our own output, parsed to prove it is well-formed: nothing untrusted is read here.
    return ET.fromstring(source)  # noqa: S314


def svg_of(*marks: ZoneMark, title: str = "Body map", noun: str = "session") -> ET.Element:
    return parse(body_map_svg(list(marks), title=title, noun=noun))


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def x_middle(area: str, side: str, view: str) -> float:
    [shape] = [s for v, s in zone_shapes(area, side) if v == view]
    return sum(x for x, _ in shape) / len(shape)


def test_every_area_and_side_of_the_packaged_protocol_is_drawn_on_the_diagram():
    for area in PROTOCOL.body_areas:
        for side in (*area.sides, ""):
            assert zone_shapes(area.key, side), (area.key, side)


def test_each_area_shows_on_the_views_it_is_seen_from():
    views = {
        area: {view for view, _ in zone_shapes(area, "")}
        for area in ("thighs", "buttocks", "hips", "flanks", "abdomen", "upper_arms")
    }

    assert views == {
        "thighs": {"front", "back"},
        "buttocks": {"back"},
        "hips": {"front", "back"},
        "flanks": {"front", "back"},
        "abdomen": {"front"},
        "upper_arms": {"front", "back"},
    }


def test_the_patients_left_is_on_the_viewers_right_from_the_front_and_left_from_the_back():
    assert x_middle("thighs", "left", "front") > 100
    assert x_middle("thighs", "right", "front") < 100
    assert x_middle("thighs", "left", "back") < 100
    assert x_middle("thighs", "right", "back") > 100


def test_the_diagram_says_which_side_is_the_patients_left_in_words():
    words = texts(svg_of())

    assert "the patient's left is on your right" in words
    assert "the patient's left is on your left" in words


def test_an_area_treated_on_both_sides_shades_both_sides():
    one_side = zone_shapes("thighs", "left")
    both = zone_shapes("thighs", "")

    assert len(both) == 2 * len(one_side)
    shaded = [
        p
        for p in svg_of(ZoneMark("thighs", "", ("Thighs, both sides",), 1)).iter(f"{SVG}polygon")
        if p.get("fill") in SHADES
    ]
    assert len(shaded) == 4  # left and right, front and back


def test_an_area_the_diagram_does_not_know_is_listed_in_words_not_dropped():
    root = svg_of(
        ZoneMark("thighs", "left", ("Thighs, left", "2 sessions"), 2),
        ZoneMark("calves", "left", ("Calves, left", "1 session"), 1),
    )

    words = texts(root)
    assert "Not on the diagram:" in words
    assert "2. Calves, left" in words
    assert words.index("2. Calves, left") > words.index("Not on the diagram:")
    assert "1. Thighs, left" in words


def test_a_side_the_diagram_does_not_know_is_listed_in_words():
    assert not on_diagram("thighs", "inner")
    assert not zone_shapes("thighs", "inner")
    assert "Not on the diagram:" in texts(svg_of(ZoneMark("thighs", "inner", ("Thighs",), 1)))


def test_each_zone_carries_its_number_and_the_key_explains_it_in_words():
    root = svg_of(
        ZoneMark("abdomen", "", ("Abdomen", "3 sessions"), 3),
        ZoneMark("thighs", "right", ("Thighs, right", "1 session"), 1),
    )

    words = texts(root)
    # The abdomen's halves carry one number; the right thigh one number in each view.
    assert words.count("1") == 1
    assert words.count("2") == 2
    assert "1. Abdomen" in words
    assert "3 sessions" in words


def test_the_legend_names_each_shade_with_its_amount():
    words = texts(
        svg_of(
            ZoneMark("thighs", "left", ("Thighs, left",), 1),
            ZoneMark("hips", "left", ("Hips, left",), 4),
        )
    )

    assert "Shade: darker means more sessions" in words
    assert "1 session" in words
    assert "4 sessions" in words


def test_more_distinct_amounts_than_shades_share_shades_in_equal_ranges():
    levels = shade_levels(range(1, 9))

    assert levels[1] == levels[2] == 0
    assert levels[7] == levels[8] == 3
    assert sorted(set(levels.values())) == [0, 1, 2, 3]


def test_a_larger_amount_is_never_lighter():
    levels = shade_levels([5, 1, 12, 3, 7, 9])

    ordered = [levels[a] for a in sorted(levels)]
    assert ordered == sorted(ordered)


def test_the_svg_carries_its_size_title_and_label_and_nothing_external():
    root = svg_of(ZoneMark("thighs", "left", ("Thighs, left",), 1), title="Session 2")
    source = body_map_svg([], title="x", noun="session")

    assert root.get("role") == "img"
    assert root.get("aria-label", "").startswith("Session 2: Thighs, left")
    assert root.find(f"{SVG}title") is not None
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    for absent in ("<script", "<style", "href", "url("):
        assert absent not in source


def test_text_is_escaped():
    source = body_map_svg(
        [ZoneMark("<b>", "left", ('<script>alert("x")</script>', "&"), 1)],
        title="<i>",
        noun="session",
    )

    assert "<script>" not in source
    assert "<b>" not in source
    assert "&lt;script&gt;" in source


def test_a_recorded_both_sides_stands_for_each_side_of_a_sided_area():
    sides = {area.key: area.sides for area in PROTOCOL.body_areas}

    zones = zones_treated(
        [("thighs", ""), ("thighs", "left"), ("abdomen", ""), ("calves", "")], sides
    )

    assert zones == (("thighs", "left"), ("thighs", "right"), ("abdomen", ""), ("calves", ""))


AREA_KEYS = [area.key for area in PROTOCOL.body_areas]


@given(
    st.sampled_from(AREA_KEYS) | st.text(max_size=12),
    st.sampled_from(["", "left", "right"]) | st.text(max_size=6),
)
def test_every_area_and_side_is_drawn_or_listed_in_words(area, side):
    drawn = bool(zone_shapes(area, side))
    words = texts(svg_of(ZoneMark(area, side, ("the zone",), 1)))

    assert drawn != ("Not on the diagram:" in words)
    if area in AREA_KEYS and side in ("", "left", "right"):
        assert drawn


marks = st.builds(
    ZoneMark,
    area=st.sampled_from(AREA_KEYS) | st.text(max_size=20),
    side=st.sampled_from(["", "left", "right"]) | st.text(max_size=6),
    lines=st.lists(st.text(max_size=80), max_size=4).map(tuple),
    amount=st.integers(min_value=0, max_value=500),
)


@given(st.lists(marks, max_size=12), st.text(max_size=60), st.text(max_size=20))
def test_the_svg_is_well_formed_xml_for_any_input(zones, title, noun):
    root = parse(body_map_svg(zones, title=title, noun=noun))

    assert root.tag == f"{SVG}svg"
    assert int(root.get("height", "0")) > 0


def grey(colour: str) -> float:
    """The grey a colour prints as (ITU-R BT.601 luma), 0 black to 255 white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def test_the_shades_stay_apart_in_greyscale_print_and_darken_with_the_amount():
    greys = [grey(shade) for shade in SHADES]

    assert greys == sorted(greys, reverse=True)
    assert min(a - b for a, b in pairwise(greys)) >= 30
