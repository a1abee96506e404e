"""Adverse event rules: expected courses from the protocol, when an event needs a
follow-up, which events are serious, and which dates and grades are refused."""

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.adverse import (
    EVENT_STATUSES,
    SEVERITIES,
    check_ctcae_grade,
    check_follow_up_on,
    check_onset,
    check_outcome,
    check_resolved_on,
    check_severity,
    check_site,
    days_overdue,
    expected_end,
    follow_up_due,
    is_serious,
    needs_follow_up,
    window_text,
)
from mesoclinic.domain.errors import DomainError, ProtocolError
from mesoclinic.domain.protocol import Protocol
from mesoclinic.protocols import DEFAULT_PROTOCOL_PATH, load_protocol

TODAY = date(2027, 3, 15)
REVIEW_DAYS = 7
PACKAGED = DEFAULT_PROTOCOL_PATH.read_text(encoding="utf-8")
REVIEW_LINE = 'adverse_event_review_days = { value = 7, source = "clinic setting (default)"'


def window(protocol: Protocol, key: str) -> tuple[int, int] | None:
    return next(event.expected_days for event in protocol.adverse_events if event.key == key)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# -- expected course --------------------------------------------------------------------------


def test_a_bruise_is_expected_to_be_gone_ten_days_after_onset(protocol: Protocol) -> None:
    assert expected_end(date(2027, 3, 1), window(protocol, "bruising")) == date(2027, 3, 11)


def test_an_event_without_a_day_count_has_no_expected_end(protocol: Protocol) -> None:
    assert expected_end(date(2027, 3, 1), window(protocol, "hyperpigmentation")) is None


def test_a_bruise_with_onset_eleven_days_ago_needs_a_follow_up(protocol: Protocol) -> None:
    bruising = window(protocol, "bruising")

    assert needs_follow_up("ongoing", days_ago(11), bruising, TODAY, review_days=REVIEW_DAYS)
    assert days_overdue(days_ago(11), bruising, TODAY, review_days=REVIEW_DAYS) == 1


def test_a_bruise_with_onset_nine_days_ago_does_not_yet(protocol: Protocol) -> None:
    bruising = window(protocol, "bruising")

    assert not needs_follow_up("ongoing", days_ago(9), bruising, TODAY, review_days=REVIEW_DAYS)
    assert days_overdue(days_ago(9), bruising, TODAY, review_days=REVIEW_DAYS) == 0


def test_a_bruise_on_the_last_day_of_its_course_does_not_yet(protocol: Protocol) -> None:
    bruising = window(protocol, "bruising")

    assert not needs_follow_up("ongoing", days_ago(10), bruising, TODAY, review_days=REVIEW_DAYS)


def test_a_resolved_event_never_needs_a_follow_up(protocol: Protocol) -> None:
    bruising = window(protocol, "bruising")

    assert not needs_follow_up("resolved", days_ago(60), bruising, TODAY, review_days=REVIEW_DAYS)


def test_redness_needs_a_follow_up_after_five_days(protocol: Protocol) -> None:
    redness = window(protocol, "redness_swelling")

    assert not needs_follow_up("ongoing", days_ago(5), redness, TODAY, review_days=REVIEW_DAYS)
    assert needs_follow_up("ongoing", days_ago(6), redness, TODAY, review_days=REVIEW_DAYS)


def test_an_event_without_a_day_count_needs_a_follow_up_after_the_review_interval(
    protocol: Protocol,
) -> None:
    nodules = window(protocol, "nodules_itching")

    assert not needs_follow_up("ongoing", days_ago(7), nodules, TODAY, review_days=7)
    assert needs_follow_up("ongoing", days_ago(8), nodules, TODAY, review_days=7)
    assert days_overdue(days_ago(10), nodules, TODAY, review_days=7) == 3
    assert follow_up_due(days_ago(10), nodules, review_days=14) == days_ago(10) + timedelta(14)


def test_the_window_reads_as_days_or_says_there_is_no_count(protocol: Protocol) -> None:
    assert window_text(window(protocol, "bruising")) == "7\N{EN DASH}10 days"
    assert window_text(window(protocol, "allergic_reaction")) == "7 days"
    assert window_text(None) == "no day count in the protocol"


@given(
    onset_days_ago=st.integers(min_value=0, max_value=400),
    low=st.integers(min_value=0, max_value=30),
    extra=st.integers(min_value=0, max_value=30),
    has_window=st.booleans(),
    review_days=st.integers(min_value=1, max_value=60),
    status=st.sampled_from(EVENT_STATUSES),
)
def test_an_event_needs_a_follow_up_exactly_when_it_is_overdue_and_ongoing(
    onset_days_ago: int, low: int, extra: int, has_window: bool, review_days: int, status: str
) -> None:
    onset = days_ago(onset_days_ago)
    span = (low, low + extra) if has_window else None

    needed = needs_follow_up(status, onset, span, TODAY, review_days=review_days)
    overdue = days_overdue(onset, span, TODAY, review_days=review_days)

    assert needed == (status == "ongoing" and overdue > 0)
    last_expected = (low + extra) if has_window else review_days
    assert overdue == max(onset_days_ago - last_expected, 0)


@given(
    onset_days_ago=st.integers(min_value=0, max_value=400),
    later=st.integers(min_value=0, max_value=400),
    review_days=st.integers(min_value=1, max_value=60),
)
def test_once_overdue_an_ongoing_event_stays_overdue_as_days_pass(
    onset_days_ago: int, later: int, review_days: int
) -> None:
    onset = days_ago(onset_days_ago)
    if needs_follow_up("ongoing", onset, (7, 10), TODAY, review_days=review_days):
        assert needs_follow_up(
            "ongoing", onset, (7, 10), TODAY + timedelta(days=later), review_days=review_days
        )


# -- serious events ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "mycobacterial_infection",
        "ulceration",
        "necrosis",
        "allergic_reaction",
        "panniculitis",
        "scarring",
    ],
)
def test_a_type_the_protocol_flags_is_serious_even_when_mild(protocol: Protocol, key: str) -> None:
    assert is_serious(protocol.adverse_event(key), "mild")


@pytest.mark.parametrize("key", ["bruising", "redness_swelling", "hyperpigmentation"])
def test_a_minor_type_is_serious_only_when_severe(protocol: Protocol, key: str) -> None:
    event_type = protocol.adverse_event(key)

    assert not is_serious(event_type, "mild")
    assert not is_serious(event_type, "moderate")
    assert is_serious(event_type, "severe")


@given(serious=st.booleans(), severity=st.sampled_from(SEVERITIES))
def test_an_event_is_serious_when_its_type_is_or_it_is_severe(
    protocol: Protocol, serious: bool, severity: str
) -> None:
    event_type = replace(protocol.adverse_event("bruising"), serious=serious)

    assert is_serious(event_type, severity) == (serious or severity == "severe")


def test_an_unknown_event_type_lists_the_known_ones(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        protocol.adverse_event("sunburn")

    assert refused.value.field == "event_type"
    assert "bruising" in refused.value.message


# -- what is refused --------------------------------------------------------------------------


def test_a_severity_outside_mild_moderate_severe_is_refused() -> None:
    assert check_severity("moderate") == "moderate"
    with pytest.raises(DomainError, match="mild, moderate or severe"):
        check_severity("life-threatening")


def test_an_outcome_outside_the_four_is_refused() -> None:
    assert check_outcome("worse") == "worse"
    with pytest.raises(DomainError, match="improving, unchanged, worse or resolved"):
        check_outcome("better")


@pytest.mark.parametrize(
    ("grade", "severity"),
    [(None, "mild"), (1, "mild"), (2, "moderate"), (3, "severe"), (4, "severe"), (5, "severe")],
)
def test_a_ctcae_grade_that_agrees_with_the_severity_is_kept(grade, severity) -> None:
    assert check_ctcae_grade(grade, severity) == grade


def test_a_ctcae_grade_that_contradicts_the_severity_is_refused_saying_why() -> None:
    with pytest.raises(DomainError) as refused:
        check_ctcae_grade(3, "moderate")

    assert refused.value.field == "ctcae_grade"
    assert "grade 3 means severe" in refused.value.message


@pytest.mark.parametrize("grade", [0, 6, -1])
def test_a_ctcae_grade_outside_one_to_five_is_refused(grade: int) -> None:
    with pytest.raises(DomainError, match="1, 2, 3, 4 or 5"):
        check_ctcae_grade(grade, "mild")


def test_an_onset_in_the_future_is_refused() -> None:
    assert check_onset(TODAY, TODAY) == TODAY
    with pytest.raises(DomainError, match="future") as refused:
        check_onset(TODAY + timedelta(days=1), TODAY)
    assert refused.value.field == "onset_on"


def test_a_resolved_date_before_the_onset_or_in_the_future_is_refused() -> None:
    onset = days_ago(5)
    assert check_resolved_on(onset, onset, TODAY) == onset
    with pytest.raises(DomainError, match="before the onset"):
        check_resolved_on(onset, days_ago(6), TODAY)
    with pytest.raises(DomainError, match="future"):
        check_resolved_on(onset, TODAY + timedelta(days=1), TODAY)


def test_a_follow_up_before_the_onset_or_in_the_future_is_refused() -> None:
    onset = days_ago(5)
    assert check_follow_up_on(onset, TODAY, TODAY) == TODAY
    with pytest.raises(DomainError, match="before the onset"):
        check_follow_up_on(onset, days_ago(6), TODAY)
    with pytest.raises(DomainError, match="future"):
        check_follow_up_on(onset, TODAY + timedelta(days=1), TODAY)


def test_the_site_comes_from_the_protocol_with_an_optional_side(protocol: Protocol) -> None:
    assert check_site(protocol, "thighs", "left") == ("thighs", "left")
    assert check_site(protocol, "thighs", "") == ("thighs", "")
    assert check_site(protocol, "", "") == ("", "")


def test_an_unknown_area_or_a_wrong_side_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError, match="Unknown body area"):
        check_site(protocol, "ankles", "")
    with pytest.raises(DomainError, match="no left or right side"):
        check_site(protocol, "abdomen", "left")
    with pytest.raises(DomainError, match="left or right"):
        check_site(protocol, "thighs", "middle")
    with pytest.raises(DomainError, match="body area"):
        check_site(protocol, "", "left")


# -- the review interval in the protocol -------------------------------------------------------


def test_the_review_interval_is_a_clinic_setting_of_seven_days_with_a_reason(
    protocol: Protocol,
) -> None:
    key = "follow_up.adverse_event_review_days"

    assert protocol.adverse_event_review_days == 7
    assert protocol.sources[key] == "clinic setting (default)"
    assert protocol.is_clinic_setting(key)
    assert protocol.reasons[key].strip()


def test_a_clinic_copy_can_set_its_own_review_interval(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(
        PACKAGED.replace(
            REVIEW_LINE,
            'adverse_event_review_days = { value = 14, source = "clinic setting (ours)"',
        ),
        encoding="utf-8",
    )

    assert load_protocol(path).adverse_event_review_days == 14


def test_a_review_interval_of_zero_days_is_refused_with_its_line(tmp_path: Path) -> None:
    line = PACKAGED[: PACKAGED.index(REVIEW_LINE)].count("\n") + 1
    path = tmp_path / "clinic.toml"
    path.write_text(
        PACKAGED.replace(REVIEW_LINE, REVIEW_LINE.replace("value = 7", "value = 0")),
        encoding="utf-8",
    )

    with pytest.raises(ProtocolError) as refused:
        load_protocol(path)

    assert refused.value.line == line
    assert "at least 1" in refused.value.reason


def test_a_review_interval_without_a_reason_is_refused(tmp_path: Path) -> None:
    start = PACKAGED.index(REVIEW_LINE)
    end = PACKAGED.index("\n", start)
    path = tmp_path / "clinic.toml"
    path.write_text(
        PACKAGED[:start] + REVIEW_LINE + " }" + PACKAGED[end:],
        encoding="utf-8",
    )

    with pytest.raises(ProtocolError, match="why"):
        load_protocol(path)
