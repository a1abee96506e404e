"""The guards of a charted session: each refusal says why and what to do."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.charting import (
    AreaTreated,
    LotFacts,
    ProductUse,
    chart_problems,
)

TODAY = date(2027, 3, 10)
LEFT_THIGH = AreaTreated("thighs", "left")


def lot(**overrides) -> LotFacts:
    values = dict(
        lot_id=1,
        lot_number="A123",
        product_id=1,
        product_name="Caffeine 2%",
        expiry=date(2027, 12, 31),
        recalled=False,
        on_hand_ml=Decimal("50"),
        session_limit_ml=Decimal("10"),
    )
    values.update(overrides)
    return LotFacts(**values)


def problems(uses, areas=(LEFT_THIGH,), previous=None, override="", stops=()):
    return chart_problems(
        day=TODAY,
        uses=list(uses),
        areas=list(areas),
        previous=previous or {},
        min_interval_days=7,
        interval_override_reason=override,
        stops=stops,
    )


def test_a_session_within_every_rule_can_be_signed():
    assert problems([ProductUse(lot(), Decimal("4"))]) == []


def test_an_expired_lot_is_refused_with_its_expiry_date():
    [problem] = problems([ProductUse(lot(expiry=TODAY - timedelta(days=1)), Decimal("1"))])

    assert problem.field == "lot"
    assert "expired on 2027-03-09" in problem.message


def test_a_lot_expiring_today_may_still_be_used_today():
    assert problems([ProductUse(lot(expiry=TODAY), Decimal("1"))]) == []


def test_a_recalled_lot_is_refused():
    [problem] = problems([ProductUse(lot(recalled=True), Decimal("1"))])

    assert "recalled" in problem.message


def test_a_volume_above_the_clinics_limit_is_refused_showing_the_limit():
    [problem] = problems([ProductUse(lot(), Decimal("12.5"))])

    assert problem.field == "volume"
    assert "limit of 10 mL" in problem.message


def test_the_limit_counts_the_product_across_its_lots():
    second_lot = lot(lot_id=2, lot_number="B456")
    found = problems([ProductUse(lot(), Decimal("6")), ProductUse(second_lot, Decimal("6"))])

    assert ["limit of 10 mL" in p.message for p in found] == [True]


def test_a_product_without_a_clinic_limit_cannot_be_charted():
    [problem] = problems([ProductUse(lot(session_limit_ml=None), Decimal("1"))])

    assert "ask a clinic admin to set one" in problem.message


def test_a_lot_without_enough_stock_is_refused_stating_what_is_left():
    [problem] = problems([ProductUse(lot(on_hand_ml=Decimal("2.5")), Decimal("4"))])

    assert "2.5 mL in stock" in problem.message


def test_an_area_treated_six_days_ago_is_refused_unless_an_override_is_recorded():
    previous = {LEFT_THIGH: TODAY - timedelta(days=6)}

    [problem] = problems([ProductUse(lot(), Decimal("1"))], previous=previous)
    assert "minimum interval is 7 days" in problem.message
    assert (
        problems(
            [ProductUse(lot(), Decimal("1"))],
            previous=previous,
            override="Patient travels next week; discussed",
        )
        == []
    )


def test_both_sides_overlap_either_side_but_the_other_thigh_does_not():
    previous = {AreaTreated("thighs", None): TODAY - timedelta(days=3)}
    use = [ProductUse(lot(), Decimal("1"))]

    assert problems(use, previous=previous)
    assert (
        problems(
            use,
            areas=[AreaTreated("thighs", "right")],
            previous={LEFT_THIGH: TODAY - timedelta(days=3)},
        )
        == []
    )


def test_a_screening_stop_refuses_the_session():
    [problem] = problems([ProductUse(lot(), Decimal("1"))], stops=["Screening stop: Pregnant."])

    assert problem.field == "screening"


def test_an_empty_chart_says_what_is_missing():
    fields = {p.field for p in problems([], areas=[])}

    assert fields == {"areas", "product"}


volumes = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("30"), places=1)
days_ago = st.integers(min_value=-400, max_value=400)


@given(
    st.lists(
        st.tuples(
            volumes, st.decimals(min_value=0, max_value=60, places=1), days_ago, st.booleans()
        ),
        min_size=1,
        max_size=4,
    )
)
def test_no_accepted_chart_uses_an_expired_or_recalled_lot_or_more_than_the_stock(rows):
    uses = [
        ProductUse(
            lot(
                lot_id=i,
                product_id=i,
                on_hand_ml=stock,
                expiry=TODAY + timedelta(days=expiry),
                recalled=recalled,
                session_limit_ml=Decimal("100"),
            ),
            volume,
        )
        for i, (volume, stock, expiry, recalled) in enumerate(rows)
    ]

    if problems(uses) == []:
        for use in uses:
            assert not use.lot.recalled
            assert use.lot.expiry >= TODAY
            assert use.volume_ml <= use.lot.on_hand_ml


@given(
    st.integers(min_value=0, max_value=30),
    st.sampled_from(["left", "right", None]),
    st.sampled_from(["left", "right", None]),
    st.text(max_size=3),
)
def test_no_accepted_chart_treats_an_area_sooner_than_the_minimum_without_an_override(
    gap, earlier_side, side, override
):
    previous = {AreaTreated("thighs", earlier_side): TODAY - timedelta(days=gap)}
    areas = [AreaTreated("thighs", side)]

    accepted = (
        problems(
            [ProductUse(lot(), Decimal("1"))], areas=areas, previous=previous, override=override
        )
        == []
    )

    overlapping = earlier_side is None or side is None or earlier_side == side
    if accepted and overlapping and gap < 7:
        assert override.strip()


def test_a_lot_refusal_names_the_row_of_the_lot_at_fault():
    good, expired = lot(), lot(lot_id=2, lot_number="B456", expiry=TODAY - timedelta(days=1))

    [problem] = problems([ProductUse(good, Decimal("1")), ProductUse(expired, Decimal("1"))])

    assert problem.uses == (1,)


def test_a_stock_or_limit_refusal_names_every_row_of_its_lot_or_product():
    short = lot(on_hand_ml=Decimal("3"))
    other_product = lot(lot_id=2, product_id=2, lot_number="C789")
    uses = [
        ProductUse(short, Decimal("2")),
        ProductUse(other_product, Decimal("1")),
        ProductUse(short, Decimal("2")),
    ]
    over_limit = [ProductUse(lot(), Decimal("6")), ProductUse(lot(lot_id=3), Decimal("6"))]

    [stock] = problems(uses)
    [limit] = problems(over_limit)

    assert stock.uses == (0, 2)
    assert limit.uses == (0, 1)


def test_a_volume_of_zero_names_its_row():
    [problem] = problems([ProductUse(lot(), Decimal("1")), ProductUse(lot(), Decimal("0"))])

    assert (problem.field, problem.uses) == ("volume", (1,))
