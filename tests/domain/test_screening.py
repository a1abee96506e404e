"""Screening rules: stops, cautions and sign-offs, and how long a screening stays usable."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import Protocol, ScreeningItem
from mesoclinic.domain.screening import (
    asked_items,
    check_sign_off,
    screening_is_current,
    screening_outcome,
    screening_valid_until,
)

ADULT = 35


def all_no(protocol: Protocol, **yes: bool) -> dict[str, bool]:
    answers = {item.key: False for item in asked_items(protocol.screening_items)}
    answers.update(yes)
    return answers


def keys(items: tuple[ScreeningItem, ...]) -> list[str]:
    return [item.key for item in items]


def test_all_no_for_an_adult_blocks_nothing(protocol: Protocol) -> None:
    outcome = screening_outcome(all_no(protocol), ADULT, protocol)

    assert outcome.stops == outcome.cautions == ()
    assert not outcome.blocks_course


def test_pregnancy_is_a_stop_that_blocks_a_course(protocol: Protocol) -> None:
    outcome = screening_outcome(all_no(protocol, pregnancy=True), ADULT, protocol)

    assert keys(outcome.stops) == ["pregnancy"]
    assert outcome.blocks_course


def test_diabetes_is_a_caution_that_blocks_until_signed_off(protocol: Protocol) -> None:
    answers = all_no(protocol, diabetes=True)

    unsigned = screening_outcome(answers, ADULT, protocol)
    signed = screening_outcome(answers, ADULT, protocol, signed_off={"diabetes"})

    assert keys(unsigned.cautions) == keys(unsigned.unsigned_cautions) == ["diabetes"]
    assert unsigned.blocks_course
    assert keys(signed.cautions) == ["diabetes"]
    assert signed.unsigned_cautions == ()
    assert not signed.blocks_course


def test_a_sign_off_does_not_lift_a_stop(protocol: Protocol) -> None:
    outcome = screening_outcome(
        all_no(protocol, pregnancy=True), ADULT, protocol, signed_off={"pregnancy"}
    )

    assert outcome.blocks_course


def test_a_seventeen_year_old_is_stopped_by_age_without_anyone_typing_it(
    protocol: Protocol,
) -> None:
    outcome = screening_outcome(all_no(protocol), 17, protocol)

    assert keys(outcome.stops) == ["under_18"]
    assert not screening_outcome(all_no(protocol), 18, protocol).blocks_course


def test_the_age_item_cannot_be_answered_by_hand(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        screening_outcome({**all_no(protocol), "under_18": False}, 16, protocol)

    assert refused.value.field == "under_18"


def test_an_unanswered_item_is_refused_naming_it(protocol: Protocol) -> None:
    answers = all_no(protocol)
    del answers["bleeding_disorder"]

    with pytest.raises(DomainError) as refused:
        screening_outcome(answers, ADULT, protocol)

    assert refused.value.field == "bleeding_disorder"
    assert "Bleeding disorder" in refused.value.message


def test_an_unknown_item_is_refused_rather_than_ignored(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        screening_outcome({**all_no(protocol), "smoker": True}, ADULT, protocol)

    assert refused.value.field == "smoker"


def test_a_birth_date_after_the_screening_is_refused(protocol: Protocol) -> None:
    with pytest.raises(DomainError):
        screening_outcome(all_no(protocol), -1, protocol)


def test_stops_and_cautions_keep_the_protocol_order(protocol: Protocol) -> None:
    outcome = screening_outcome(
        all_no(
            protocol, fitzpatrick_4_to_6=True, diabetes=True, breastfeeding=True, pregnancy=True
        ),
        ADULT,
        protocol,
    )

    assert keys(outcome.stops) == ["pregnancy", "breastfeeding"]
    assert keys(outcome.cautions) == ["diabetes", "fitzpatrick_4_to_6"]


def test_a_stop_cannot_be_signed_off(protocol: Protocol) -> None:
    outcome = screening_outcome(all_no(protocol, pregnancy=True), ADULT, protocol)

    with pytest.raises(DomainError, match="is a stop: it cannot be signed off"):
        check_sign_off("pregnancy", outcome)


def test_only_a_caution_answered_yes_can_be_signed_off(protocol: Protocol) -> None:
    outcome = screening_outcome(all_no(protocol, diabetes=True), ADULT, protocol)

    assert check_sign_off("diabetes", outcome).key == "diabetes"
    with pytest.raises(DomainError, match="answered yes"):
        check_sign_off("bleeding_disorder", outcome)


def test_a_caution_is_signed_off_once(protocol: Protocol) -> None:
    outcome = screening_outcome(
        all_no(protocol, diabetes=True), ADULT, protocol, signed_off={"diabetes"}
    )

    with pytest.raises(DomainError, match="already signed off"):
        check_sign_off("diabetes", outcome)


@given(
    yes=st.sets(
        st.sampled_from(
            [
                "pregnancy",
                "breastfeeding",
                "site_infection_or_skin_disease",
                "ingredient_allergy",
                "anticoagulant_or_antiplatelet",
                "diabetes",
                "cancer_history",
                "fitzpatrick_4_to_6",
            ]
        )
    ),
    age=st.integers(min_value=0, max_value=100),
)
def test_a_course_is_blocked_exactly_when_a_stop_or_an_unsigned_caution_is_answered(
    protocol: Protocol, yes: set[str], age: int
) -> None:
    levels = {item.key: item.level for item in protocol.screening_items}
    answers = all_no(protocol, **dict.fromkeys(yes, True))

    outcome = screening_outcome(answers, age, protocol)
    all_signed = screening_outcome(answers, age, protocol, signed_off=set(yes))

    has_stop = age < 18 or any(levels[key] == "stop" for key in yes)
    assert outcome.blocks_course == (has_stop or any(levels[k] == "caution" for k in yes))
    assert all_signed.blocks_course == has_stop


# -- how long a screening is usable ---------------------------------------------------------


def test_the_packaged_protocol_keeps_a_screening_for_ninety_days_as_a_clinic_setting(
    protocol: Protocol,
) -> None:
    assert protocol.screening_valid_days == 90
    assert protocol.sources["course.screening_valid_days"] == "clinic setting (default)"
    assert protocol.reasons["course.screening_valid_days"]


def test_a_screening_is_current_from_its_day_to_the_last_valid_day(protocol: Protocol) -> None:
    taken = date(2025, 3, 1)
    last = taken + timedelta(days=90)

    assert screening_valid_until(taken, protocol) == last
    assert screening_is_current(taken, taken, protocol)
    assert screening_is_current(taken, last, protocol)
    assert not screening_is_current(taken, last + timedelta(days=1), protocol)


def test_a_screening_dated_after_today_is_not_current(protocol: Protocol) -> None:
    assert not screening_is_current(date(2025, 3, 2), date(2025, 3, 1), protocol)


def test_a_clinic_that_keeps_screenings_for_thirty_days_gets_thirty(protocol: Protocol) -> None:
    clinic = replace(protocol, screening_valid_days=30)

    assert screening_is_current(date(2025, 3, 1), date(2025, 3, 31), clinic)
    assert not screening_is_current(date(2025, 3, 1), date(2025, 4, 1), clinic)
