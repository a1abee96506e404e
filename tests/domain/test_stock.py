"""Stock rules with no database: movements, usable lots and chartable products."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.stock import (
    LotFacts,
    Movement,
    MovementKind,
    apply_movement,
    chartable_reason,
    check_session_volume,
    check_use,
    days_to_expiry,
    format_ml,
    lot_is_usable,
    lot_unusable_reason,
    parse_ml,
    positive_ml,
    replay,
    signed_quantity,
    soonest_expiry_first,
)

DAY = date(2026, 3, 10)


def lot(on_hand="10.00", expiry=DAY + timedelta(days=30), recalled=False, reason=""):
    return LotFacts("AB123", expiry, Decimal(on_hand), recalled=recalled, recall_reason=reason)


# -- volumes ---------------------------------------------------------------------------------


def test_a_volume_is_kept_to_two_decimal_places():
    assert parse_ml("2.5") == Decimal("2.50")
    assert format_ml(Decimal("2.5")) == "2.50 mL"


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", ""])
def test_a_volume_that_is_not_a_number_is_refused(text):
    with pytest.raises(DomainError, match="as a number") as refused:
        parse_ml(text)
    assert refused.value.field == "volume_ml"


def test_a_volume_with_more_than_two_decimals_is_refused_not_rounded():
    with pytest.raises(DomainError, match="two decimal places"):
        parse_ml("0.125")


@pytest.mark.parametrize("volume", ["0", "-1"])
def test_a_used_volume_must_be_above_zero(volume):
    with pytest.raises(DomainError, match="above 0 mL"):
        positive_ml(volume)


def test_a_volume_larger_than_a_field_holds_is_refused():
    with pytest.raises(DomainError, match="cannot be more than"):
        parse_ml("100000")


# -- movements -------------------------------------------------------------------------------


def test_used_and_wasted_take_stock_away_and_received_adds_it():
    assert signed_quantity(MovementKind.RECEIVED, Decimal("5")) == Decimal("5.00")
    assert signed_quantity(MovementKind.USED, Decimal("2")) == Decimal("-2.00")
    assert signed_quantity(MovementKind.WASTED, Decimal("1.5")) == Decimal("-1.50")
    assert signed_quantity(MovementKind.ADJUSTED, Decimal("-0.5")) == Decimal("-0.50")


def test_an_adjustment_of_nothing_is_refused():
    with pytest.raises(DomainError, match="changes nothing"):
        signed_quantity(MovementKind.ADJUSTED, Decimal("0"))


def test_using_more_than_the_stock_is_refused_stating_the_stock_left():
    with pytest.raises(DomainError) as refused:
        apply_movement(Decimal("3.50"), MovementKind.USED, Decimal("-4"), "AB123")

    assert refused.value.field == "volume_ml"
    assert "Only 3.50 mL left in lot AB123" in refused.value.message


def test_using_an_empty_lot_says_it_has_no_stock_left():
    with pytest.raises(DomainError, match=r"no stock left \(0.00 mL\)"):
        apply_movement(Decimal("0"), MovementKind.WASTED, Decimal("-1"), "AB123")


def test_an_adjustment_below_zero_says_how_much_the_lot_holds():
    with pytest.raises(DomainError, match=r"holds 1\.00 mL: an adjustment can remove at most"):
        apply_movement(Decimal("1"), MovementKind.ADJUSTED, Decimal("-2"), "AB123")


def test_a_movement_with_the_wrong_sign_for_its_kind_is_refused():
    with pytest.raises(DomainError):
        apply_movement(Decimal("5"), MovementKind.USED, Decimal("1"), "AB123")
    with pytest.raises(DomainError):
        apply_movement(Decimal("5"), MovementKind.RECEIVED, Decimal("-1"), "AB123")


def test_the_whole_stock_can_be_used():
    assert apply_movement(Decimal("2"), MovementKind.USED, Decimal("-2"), "AB123") == 0


# -- usable lots -----------------------------------------------------------------------------


def test_a_lot_is_usable_through_its_expiry_date_and_expired_the_day_after():
    assert lot_is_usable(lot(expiry=DAY), DAY)
    assert not lot_is_usable(lot(expiry=DAY), DAY + timedelta(days=1))
    assert days_to_expiry(DAY, DAY) == 0


def test_an_expired_lot_is_refused_with_its_expiry_date_and_what_to_do():
    with pytest.raises(DomainError) as refused:
        check_use(lot(expiry=DAY - timedelta(days=1)), DAY, Decimal("1"))

    assert refused.value.field == "lot"
    assert "expired on 2026-03-09" in refused.value.message
    assert "Choose an in-date lot" in refused.value.message


def test_a_recalled_lot_is_refused_with_the_recall_reason():
    with pytest.raises(DomainError) as refused:
        check_use(lot(recalled=True, reason="supplier notice 42"), DAY, Decimal("1"))

    assert refused.value.field == "lot"
    assert "recalled (supplier notice 42)" in refused.value.message


def test_a_recall_is_named_before_an_expiry():
    reason = lot_unusable_reason(lot(recalled=True, expiry=DAY - timedelta(days=5)), DAY)
    assert reason is not None
    assert "recalled" in reason


def test_usable_lots_put_the_soonest_expiry_first_and_leave_out_the_rest():
    later = LotFacts("LATER", DAY + timedelta(days=90), Decimal("5"))
    sooner = LotFacts("SOONER", DAY + timedelta(days=3), Decimal("5"))
    empty = LotFacts("EMPTY", DAY + timedelta(days=1), Decimal("0"))
    expired = LotFacts("OLD", DAY - timedelta(days=1), Decimal("5"))
    recalled = LotFacts("BAD", DAY + timedelta(days=2), Decimal("5"), recalled=True)

    ordered = soonest_expiry_first([later, empty, expired, recalled, sooner], DAY)

    assert [item.lot_number for item in ordered] == ["SOONER", "LATER"]


# -- chartable products and session limits ---------------------------------------------------


def test_a_product_without_a_clinic_limit_cannot_be_charted():
    reason = chartable_reason("Caffeine 250 mg/5 mL", None)
    assert reason is not None
    assert "no per-session limit" in reason
    assert "a clinic admin sets one" in reason


def test_a_product_out_of_use_cannot_be_charted():
    assert "no longer in use" in (chartable_reason("X", Decimal("5"), active=False) or "")


def test_a_product_with_a_limit_can_be_charted():
    assert chartable_reason("X", Decimal("5")) is None


def test_a_session_volume_above_the_limit_is_refused_showing_the_limit():
    with pytest.raises(DomainError, match=r"limit of 5\.00 mL") as refused:
        check_session_volume("Caffeine", Decimal("5.5"), Decimal("5"))
    assert refused.value.field == "volume_ml"
    check_session_volume("Caffeine", Decimal("5"), Decimal("5"))


def test_a_session_volume_of_a_product_without_a_limit_is_refused():
    with pytest.raises(DomainError, match="no per-session limit") as refused:
        check_session_volume("Caffeine", Decimal("1"), None)
    assert refused.value.field == "product"


# -- properties ------------------------------------------------------------------------------

volumes = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2)
operations = st.lists(
    st.tuples(st.sampled_from(list(MovementKind)), volumes, st.booleans()), max_size=40
)


@given(operations)
def test_any_sequence_of_movements_never_leaves_stock_below_zero(ops):
    on_hand = Decimal("0")
    accepted: list[Movement] = []
    for kind, volume, negative in ops:
        # Only an adjustment takes a sign; the others take a volume and know their sign.
        given_volume = -volume if negative and kind is MovementKind.ADJUSTED else volume
        quantity = signed_quantity(kind, given_volume)
        if on_hand + quantity < 0:
            with pytest.raises(DomainError, match=re.escape(format_ml(on_hand))):
                apply_movement(on_hand, kind, quantity, "P1")
            continue
        on_hand = apply_movement(on_hand, kind, quantity, "P1")
        accepted.append(Movement(kind, quantity))
        assert on_hand >= 0

    assert on_hand == sum((m.quantity_ml for m in accepted), Decimal("0"))
    assert replay(accepted) == on_hand


@given(
    expiry_offset=st.integers(-400, 400),
    recalled=st.booleans(),
    on_hand=volumes,
    volume=volumes,
)
def test_an_expired_or_recalled_lot_is_never_usable(expiry_offset, recalled, on_hand, volume):
    facts = LotFacts("P1", DAY + timedelta(days=expiry_offset), on_hand, recalled=recalled)
    expired = expiry_offset < 0

    if expired or recalled:
        assert not lot_is_usable(facts, DAY)
        assert facts not in soonest_expiry_first([facts], DAY)
        with pytest.raises(DomainError) as refused:
            check_use(facts, DAY, volume)
        assert refused.value.field == "lot"
    elif volume <= on_hand:
        assert check_use(facts, DAY, volume) == on_hand - volume
