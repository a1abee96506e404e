"""Change since the baseline in words: what the numbers show, never more."""

import re
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.progress import change_lines, signed
from mesoclinic.domain.protocol import Protocol
from mesoclinic.protocols import load_protocol
from tests.domain.progress_data import course, reading, visit

LATER = date(2026, 10, 10)  # after the sixth weekly session from 1 September


def sentence(protocol: Protocol, later_reading, base=None) -> str:
    progress = course(protocol, [visit(2, LATER, later_reading)], base=base)
    return change_lines(progress)[0].sentence


def test_a_css_drop_and_a_circumference_within_error_read_as_such(protocol: Protocol) -> None:
    assert sentence(protocol, reading(css=7, cm="60.0")) == (
        "CSS total 9 → 7 (−2, lower) after 6 sessions; circumference 60.5 → 60.0 cm "
        "(−0.5 cm), within the measurement error this clinic's protocol sets (1 cm). "
        "A responder by this clinic's rule (a responder's CSS total falls by 2 points or more)."
    )


def test_a_one_point_drop_is_lower_but_not_a_responder_by_the_clinics_rule(
    protocol: Protocol,
) -> None:
    text = sentence(protocol, reading(css=8))
    assert "CSS total 9 → 8 (−1, lower)" in text
    assert text.endswith(
        "Not a responder by this clinic's rule (a responder's CSS total falls by 2 points or more)."
    )


def test_a_rise_says_it_is_worse_than_at_the_baseline(protocol: Protocol) -> None:
    text = sentence(protocol, reading(css=11, cm="62.0"))
    assert "CSS total 9 → 11 (+2, higher, worse than at the baseline)" in text
    assert "(+1.5 cm), larger by more than the measurement error" in text


def test_no_change_is_said_plainly(protocol: Protocol) -> None:
    text = sentence(protocol, reading(css=9, cm="60.5"))
    assert "CSS total 9 → 9, no change" in text
    assert "(0.0 cm), within the measurement error" in text


def test_a_circumference_smaller_beyond_the_error_says_so(protocol: Protocol) -> None:
    text = sentence(protocol, reading(cm="58.5"))
    assert "60.5 → 58.5 cm (−2.0 cm), smaller by more than the measurement error" in text


def test_missing_figures_are_not_measured_never_zero(protocol: Protocol) -> None:
    text = sentence(protocol, reading(css=None, cm=None))
    assert text.startswith("After 6 sessions, CSS total 9 at the baseline, not measured this time")
    assert "circumference not measured this time" in text
    assert "Response cannot be read by this clinic's rule" in text
    assert "0.0" not in text


def test_a_baseline_without_css_says_it_was_not_measured_then(protocol: Protocol) -> None:
    text = sentence(protocol, reading(css=7), base=(reading(css=None),))
    assert "CSS total 7 now, not measured at the baseline" in text


def test_different_landmarks_are_named_as_not_comparable(protocol: Protocol) -> None:
    text = sentence(protocol, reading(cm="58.0", landmark="26 cm above the kneecap"))
    assert "measured at different landmarks" in text
    assert "so not comparable" in text


def test_only_the_index_area_carries_a_responder_verdict(protocol: Protocol) -> None:
    both = (reading(), reading(side="right"))
    progress = course(
        protocol, [visit(2, LATER, reading(css=7), reading(css=7, side="right"))], base=both
    )
    left, right = change_lines(progress)
    assert left.index
    assert "responder" in left.sentence
    assert not right.index
    assert "responder" not in right.sentence


def test_a_change_of_grade_is_named(protocol: Protocol) -> None:
    assert "; NM grade 2 → 1." in sentence(protocol, reading(css=7, grade=1))


def test_one_session_is_singular(protocol: Protocol) -> None:
    progress = course(protocol, [visit(2, LATER, reading(css=7))], sessions=1)
    assert "after 1 session;" in change_lines(progress)[0].sentence


def test_signs_use_a_typographic_minus_and_a_plus() -> None:
    assert signed(-2) == "−2"
    assert signed(3) == "+3"
    assert signed(0) == "0"
    assert "-" not in signed(-2)


def test_no_wording_promises_a_result(protocol: Protocol) -> None:
    for later in (reading(css=3, cm="50.0"), reading(css=12, cm="70.0"), reading(None, None)):
        text = sentence(protocol, later).lower()
        for claim in ("no side effects", "painless", "total removal", "guarantee", "published"):
            assert claim not in text


css_values = st.one_of(st.none(), st.integers(min_value=0, max_value=15))
cm_values = st.one_of(
    st.none(), st.decimals(min_value=Decimal("30.0"), max_value=Decimal("120.0"), places=1)
)


@given(before_css=css_values, after_css=css_values, before_cm=cm_values, after_cm=cm_values)
def test_any_pair_of_measures_reads_with_typographic_signs_and_names_what_is_missing(
    before_css, after_css, before_cm, after_cm
) -> None:
    protocol = load_protocol()
    text = sentence(
        protocol,
        reading(css=after_css, cm=None if after_cm is None else str(after_cm)),
        base=(reading(css=before_css, cm=None if before_cm is None else str(before_cm)),),
    )
    assert re.search(r"-\d", text) is None
    if None in (before_css, after_css, before_cm, after_cm):
        assert "not measured" in text
    assert "this clinic's rule" in text
    if before_cm is not None and after_cm is not None:
        assert "measurement error this clinic's protocol sets (1 cm)" in text
