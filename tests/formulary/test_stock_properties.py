"""Stock rules over many generated sequences of receive, use, waste, adjust and recall,
run through the real services and the database."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary.models import Lot
from mesoclinic.formulary.selectors import usable_lots
from mesoclinic.formulary.services import (
    lot_recall,
    lot_receive,
    stock_adjust,
    stock_use,
    stock_waste,
)
from tests.conftest import actor

volumes = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("12"), places=2)
lot_index = st.integers(0, 3)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("receive"), st.integers(1, 3), st.integers(-10, 30)),
        st.tuples(st.just("use"), lot_index, volumes),
        st.tuples(st.just("waste"), lot_index, volumes),
        st.tuples(st.just("adjust"), lot_index, volumes, st.booleans()),
        st.tuples(st.just("recall"), lot_index),
    ),
    min_size=1,
    max_size=25,
)
PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check_lot_sums(lots: list[Lot]) -> None:
    for lot in lots:
        lot.refresh_from_db()
        movements = list(lot.movements.all())
        assert lot.on_hand_ml >= 0
        assert lot.on_hand_ml == sum((m.quantity_ml for m in movements), Decimal("0"))
        assert all(m.balance_after_ml >= 0 for m in movements)


@PROPERTY_SETTINGS
@given(ops=operations)
def test_stock_never_goes_below_zero_and_always_equals_the_sum_of_its_movements(
    product, practitioner, clinic_admin, today, ops
):
    with transaction.atomic():
        lots: list[Lot] = []
        for op in ops:
            kind = op[0]
            if kind == "receive":
                _, units, expiry_offset = op
                lots.append(
                    lot_receive(
                        actor=actor(practitioner),
                        product=product,
                        lot_number=f"L{len(lots)}",
                        expiry_date=today + timedelta(days=expiry_offset),
                        supplier="S",
                        quantity_units=units,
                        received_on=today - timedelta(days=60),
                    )
                )
                continue
            if not lots:
                continue
            lot = lots[op[1] % len(lots)]
            lot.refresh_from_db()
            before = lot.on_hand_ml
            refused: DomainError | None = None
            try:
                if kind == "use":
                    stock_use(actor=actor(practitioner), lot=lot, volume_ml=op[2], reference="p")
                elif kind == "waste":
                    stock_waste(actor=actor(practitioner), lot=lot, volume_ml=op[2], reason="p")
                elif kind == "adjust":
                    change = -op[2] if op[3] else op[2]
                    stock_adjust(actor=actor(clinic_admin), lot=lot, change_ml=change, reason="p")
                else:
                    lot_recall(actor=actor(practitioner), lot=lot, reason="p")
            except DomainError as error:
                refused = error
            if refused is not None:
                lot.refresh_from_db()
                assert lot.on_hand_ml == before  # a refusal changes nothing
                if refused.field == "volume_ml":
                    assert f"{before} mL" in refused.message  # states the stock left
            _check_lot_sums(lots)
        transaction.set_rollback(True)


@PROPERTY_SETTINGS
@given(
    expiry_offset=st.integers(-10, 10),
    recalled=st.booleans(),
    day_offset=st.integers(-5, 15),
    volume=volumes,
)
def test_an_expired_or_recalled_lot_is_never_usable(
    product, practitioner, today, expiry_offset, recalled, day_offset, volume
):
    with transaction.atomic():
        lot = lot_receive(
            actor=actor(practitioner),
            product=product,
            lot_number="PROP",
            expiry_date=today + timedelta(days=expiry_offset),
            supplier="S",
            quantity_units=3,
            received_on=today - timedelta(days=30),
        )
        if recalled:
            lot_recall(actor=actor(practitioner), lot=lot, reason="notice")
        day = today + timedelta(days=day_offset)
        expired = day > lot.expiry_date

        offered = lot in usable_lots(actor(practitioner), product, day)
        refused_field = None
        try:
            stock_use(actor=actor(practitioner), lot=lot, volume_ml=volume, reference="p", on=day)
        except DomainError as refused:
            refused_field = refused.field
        used = refused_field is None

        assert refused_field in (None, "lot")

        assert offered == used == (not expired and not recalled)
        transaction.set_rollback(True)
