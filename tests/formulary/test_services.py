"""Changing the formulary and its stock: what is stored, what is refused and why."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from mesoclinic.audit.models import Action
from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary.models import Lot, Product, SessionLimitChange, StockMovement
from mesoclinic.formulary.selectors import usable_lots
from mesoclinic.formulary.services import (
    lot_recall,
    lot_receive,
    product_chartable,
    product_create,
    product_set_session_limit,
    product_update,
    stock_adjust,
    stock_use,
    stock_waste,
)
from tests.conftest import actor
from tests.formulary.conftest import audit_count, make_product, receive

# -- products --------------------------------------------------------------------------------


def test_a_new_product_has_no_limit_and_cannot_be_charted_until_an_admin_sets_one(
    clinic_admin, riverside
):
    product = make_product(clinic_admin, riverside, limit=None)

    assert product.session_limit_ml is None
    assert "no per-session limit" in product_chartable(product)
    assert audit_count(action=Action.CREATE, target=f"product {product.id}") == 1

    product = product_set_session_limit(
        actor=actor(clinic_admin), product=product, limit_ml=Decimal("4"), basis="medical lead"
    )

    assert product.session_limit_ml == Decimal("4.00")
    assert product_chartable(product) is None
    change = SessionLimitChange.objects.get()
    assert (change.limit_ml, change.basis, change.author) == (
        Decimal("4.00"),
        "medical lead",
        clinic_admin,
    )
    assert audit_count(action=Action.UPDATE, target=f"product {product.id} session limit") == 1


def test_a_limit_needs_its_basis(product, clinic_admin):
    with pytest.raises(DomainError) as refused:
        product_set_session_limit(
            actor=actor(clinic_admin), product=product, limit_ml=Decimal("3"), basis=" "
        )
    assert refused.value.field == "basis"


def test_clearing_a_limit_makes_the_product_unchartable_again(product, clinic_admin):
    product = product_set_session_limit(
        actor=actor(clinic_admin), product=product, limit_ml=None, basis="under review"
    )

    assert product_chartable(product) is not None
    assert SessionLimitChange.objects.filter(limit_ml__isnull=True).exists()


def test_a_zero_or_negative_limit_is_refused(product, clinic_admin):
    for value in ("0", "-1"):
        with pytest.raises(DomainError) as refused:
            product_set_session_limit(
                actor=actor(clinic_admin), product=product, limit_ml=Decimal(value), basis="x"
            )
        assert refused.value.field == "limit_ml"


def test_only_a_clinic_admin_manages_products(practitioner, riverside, product):
    with pytest.raises(Http404):
        make_product(practitioner, riverside, name="Other")
    with pytest.raises(Http404):
        product_set_session_limit(
            actor=actor(practitioner), product=product, limit_ml=Decimal("9"), basis="x"
        )


def test_an_admin_of_another_clinic_cannot_touch_this_formulary(hillcrest_admin, product):
    with pytest.raises(Http404):
        product_update(
            actor=actor(hillcrest_admin),
            product=product,
            name="Renamed",
            ingredients=["caffeine"],
            mechanisms=[],
            form="solution for injection",
            unit="vial",
            volume_per_unit_ml=Decimal("5"),
        )


def test_a_product_name_is_unique_in_its_clinic_whatever_the_case(
    clinic_admin, riverside, product, hillcrest_admin, hillcrest
):
    with pytest.raises(DomainError) as refused:
        make_product(clinic_admin, riverside, name=product.name.upper())
    assert refused.value.field == "name"

    assert make_product(hillcrest_admin, hillcrest, name=product.name).clinic == hillcrest


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("ingredients", {"ingredients": [" ", ""]}),
        ("mechanisms", {"mechanisms": ["magic"]}),
        ("unit", {"unit": "bucket"}),
        ("volume_per_unit_ml", {"volume_per_unit_ml": Decimal("0")}),
        ("name", {"name": "  "}),
        ("form", {"form": ""}),
    ],
)
def test_a_product_with_a_bad_field_is_refused_naming_it(clinic_admin, riverside, field, change):
    fields = {
        "name": "Caffeine",
        "ingredients": ["caffeine"],
        "mechanisms": ["fat"],
        "form": "solution for injection",
        "unit": "vial",
        "volume_per_unit_ml": Decimal("5"),
    }
    with pytest.raises(DomainError) as refused:
        product_create(actor=actor(clinic_admin), clinic=riverside, **{**fields, **change})
    assert refused.value.field == field
    assert not Product.objects.exists()


def test_ingredients_are_kept_in_order_without_blanks_or_repeats_and_mechanisms_in_order(
    clinic_admin, riverside
):
    product = product_create(
        actor=actor(clinic_admin),
        clinic=riverside,
        name="Mix",
        ingredients=[" caffeine ", "", "L-carnitine", "Caffeine"],
        mechanisms=["fat", "circulation"],
        form="solution for injection",
        unit="vial",
        volume_per_unit_ml=Decimal("10"),
    )
    assert product.ingredients == ["caffeine", "L-carnitine"]
    assert product.mechanisms == ["circulation", "fat"]


def test_a_product_taken_out_of_use_cannot_be_charted_or_received(
    product, clinic_admin, practitioner
):
    product = product_update(
        actor=actor(clinic_admin),
        product=product,
        name=product.name,
        ingredients=product.ingredients,
        mechanisms=product.mechanisms,
        form=product.form,
        unit=product.unit,
        volume_per_unit_ml=product.volume_per_unit_ml,
        active=False,
    )

    assert "no longer in use" in product_chartable(product)
    with pytest.raises(DomainError, match="no longer in use"):
        receive(practitioner, product)
    assert audit_count(action=Action.UPDATE, target=f"product {product.id}") == 1


# -- receiving lots --------------------------------------------------------------------------


def test_a_received_lot_holds_units_times_the_volume_per_unit_as_one_movement(
    product, practitioner
):
    lot = receive(practitioner, product, units=3)

    assert (lot.received_ml, lot.on_hand_ml, lot.clinic_id) == (
        Decimal("15.00"),
        Decimal("15.00"),
        product.clinic_id,
    )
    movement = StockMovement.objects.get(lot=lot)
    assert (movement.kind, movement.quantity_ml, movement.balance_after_ml) == (
        "received",
        Decimal("15.00"),
        Decimal("15.00"),
    )
    assert movement.actor == practitioner
    assert audit_count(action=Action.CREATE, target=f"lot {lot.id}") == 1


def test_a_lot_number_is_unique_per_product(product, practitioner, clinic_admin, riverside):
    receive(practitioner, product, number="AB123")

    with pytest.raises(DomainError) as refused:
        receive(practitioner, product, number="ab123")
    assert refused.value.field == "lot_number"
    assert "already recorded" in refused.value.message

    other = make_product(clinic_admin, riverside, name="Other")
    assert receive(practitioner, other, number="AB123").lot_number == "AB123"


def test_a_lot_already_expired_when_received_is_refused(product, practitioner, today):
    with pytest.raises(DomainError, match="expired before it was received") as refused:
        lot_receive(
            actor=actor(practitioner),
            product=product,
            lot_number="X",
            expiry_date=today - timedelta(days=1),
            supplier="S",
            quantity_units=1,
            received_on=today,
        )
    assert refused.value.field == "expiry_date"


def test_a_delivery_dated_in_the_future_is_refused(product, practitioner, today):
    with pytest.raises(DomainError) as refused:
        lot_receive(
            actor=actor(practitioner),
            product=product,
            lot_number="X",
            expiry_date=today + timedelta(days=100),
            supplier="S",
            quantity_units=1,
            received_on=today + timedelta(days=1),
        )
    assert refused.value.field == "received_on"


@pytest.mark.parametrize("units", [0, -1, 10_001])
def test_a_delivery_of_no_units_or_too_many_is_refused(product, practitioner, units):
    with pytest.raises(DomainError) as refused:
        receive(practitioner, product, units=units)
    assert refused.value.field == "quantity_units"


def test_front_desk_and_other_clinics_cannot_receive_stock(product, front_desk, outsider):
    for user in (front_desk, outsider):
        with pytest.raises(Http404):
            receive(user, product)
    assert not Lot.objects.exists()


# -- using, wasting, adjusting ---------------------------------------------------------------


def test_a_use_takes_the_volume_from_the_lot_with_its_reference(lot, practitioner):
    movement = stock_use(
        actor=actor(practitioner), lot=lot, volume_ml=Decimal("2.5"), reference="chart 12"
    )

    lot.refresh_from_db()
    assert lot.on_hand_ml == Decimal("7.50")
    assert (movement.kind, movement.quantity_ml, movement.reference, movement.balance_after_ml) == (
        "used",
        Decimal("-2.50"),
        "chart 12",
        Decimal("7.50"),
    )
    assert audit_count(action=Action.CREATE, target=f"lot {lot.id} movement {movement.id}") == 1


def test_a_use_larger_than_the_stock_is_refused_stating_the_stock_left(lot, practitioner):
    with pytest.raises(DomainError) as refused:
        stock_use(actor=actor(practitioner), lot=lot, volume_ml=Decimal("10.01"), reference="")

    assert refused.value.field == "volume_ml"
    assert "Only 10.00 mL left in lot AB123" in refused.value.message
    lot.refresh_from_db()
    assert lot.on_hand_ml == Decimal("10.00")
    assert lot.movements.count() == 1


def test_an_expired_lot_is_refused_for_use_but_its_stock_can_be_wasted(expired_lot, practitioner):
    with pytest.raises(DomainError) as refused:
        stock_use(actor=actor(practitioner), lot=expired_lot, volume_ml=Decimal("1"), reference="")
    assert refused.value.field == "lot"
    assert f"expired on {expired_lot.expiry_date.isoformat()}" in refused.value.message

    stock_waste(
        actor=actor(practitioner), lot=expired_lot, volume_ml=Decimal("5"), reason="expired"
    )
    expired_lot.refresh_from_db()
    assert expired_lot.on_hand_ml == 0


def test_a_lot_is_usable_on_its_expiry_date(product, practitioner, today):
    lot = receive(practitioner, product, number="LAST", expiry=today)
    stock_use(actor=actor(practitioner), lot=lot, volume_ml=Decimal("1"), reference="chart 1")

    with pytest.raises(DomainError, match="expired"):
        stock_use(
            actor=actor(practitioner),
            lot=lot,
            volume_ml=Decimal("1"),
            reference="chart 2",
            on=today + timedelta(days=1),
        )


def test_a_product_without_a_limit_cannot_be_used(unlimited, practitioner):
    lot = receive(practitioner, unlimited)

    with pytest.raises(DomainError) as refused:
        stock_use(actor=actor(practitioner), lot=lot, volume_ml=Decimal("1"), reference="")
    assert refused.value.field == "product"
    assert "no per-session limit" in refused.value.message


def test_waste_needs_a_reason(lot, practitioner):
    with pytest.raises(DomainError) as refused:
        stock_waste(actor=actor(practitioner), lot=lot, volume_ml=Decimal("1"), reason="")
    assert refused.value.field == "reason"


def test_waste_larger_than_the_stock_is_refused(lot, practitioner):
    with pytest.raises(DomainError, match=r"Only 10\.00 mL left"):
        stock_waste(actor=actor(practitioner), lot=lot, volume_ml=Decimal("11"), reason="dropped")


def test_an_adjustment_is_signed_needs_a_reason_and_is_a_clinic_admins(
    lot, clinic_admin, practitioner
):
    with pytest.raises(Http404):
        stock_adjust(actor=actor(practitioner), lot=lot, change_ml=Decimal("-1"), reason="count")
    with pytest.raises(DomainError) as refused:
        stock_adjust(actor=actor(clinic_admin), lot=lot, change_ml=Decimal("-1"), reason=" ")
    assert refused.value.field == "reason"

    stock_adjust(actor=actor(clinic_admin), lot=lot, change_ml=Decimal("-1.25"), reason="count")
    stock_adjust(actor=actor(clinic_admin), lot=lot, change_ml=Decimal("0.5"), reason="found")

    lot.refresh_from_db()
    assert lot.on_hand_ml == Decimal("9.25")
    with pytest.raises(DomainError, match=r"holds 9\.25 mL"):
        stock_adjust(actor=actor(clinic_admin), lot=lot, change_ml=Decimal("-10"), reason="count")


def test_other_clinics_front_desk_and_chain_managers_cannot_move_stock(
    lot, outsider, front_desk, chain_manager
):
    for user in (outsider, front_desk, chain_manager):
        with pytest.raises(Http404):
            stock_use(actor=actor(user), lot=lot, volume_ml=Decimal("1"), reference="")
        with pytest.raises(Http404):
            stock_waste(actor=actor(user), lot=lot, volume_ml=Decimal("1"), reason="x")
        with pytest.raises(Http404):
            lot_recall(actor=actor(user), lot=lot, reason="x")
    lot.refresh_from_db()
    assert (lot.on_hand_ml, lot.recalled_at) == (Decimal("10.00"), None)


def test_on_hand_always_equals_the_sum_of_the_movements(lot, practitioner, clinic_admin):
    stock_use(actor=actor(practitioner), lot=lot, volume_ml=Decimal("0.3"), reference="c1")
    stock_use(actor=actor(practitioner), lot=lot, volume_ml=Decimal("0.1"), reference="c2")
    stock_waste(actor=actor(practitioner), lot=lot, volume_ml=Decimal("0.2"), reason="spilt")
    stock_adjust(actor=actor(clinic_admin), lot=lot, change_ml=Decimal("-9.4"), reason="count")

    lot.refresh_from_db()
    movements = list(lot.movements.all())
    assert lot.on_hand_ml == sum(m.quantity_ml for m in movements) == 0
    assert [m.balance_after_ml for m in movements] == [
        Decimal("10.00"),
        Decimal("9.70"),
        Decimal("9.60"),
        Decimal("9.40"),
        Decimal("0.00"),
    ]


def test_the_database_refuses_a_negative_stock_even_around_the_services(lot):
    with pytest.raises(IntegrityError), transaction.atomic():
        Lot.objects.filter(pk=lot.pk).update(on_hand_ml=Decimal("-0.01"))


def test_movements_are_never_changed_or_deleted(lot):
    movement = lot.movements.get()
    with pytest.raises(PermissionError):
        movement.save()
    with pytest.raises(PermissionError):
        movement.delete()
    with pytest.raises(PermissionError):
        StockMovement.objects.filter(lot=lot).update(reason="x")
    with pytest.raises(PermissionError):
        StockMovement.objects.filter(lot=lot).delete()


# -- recall ----------------------------------------------------------------------------------


def test_a_recalled_lot_is_refused_at_once_and_keeps_who_when_and_why(lot, practitioner):
    recalled = lot_recall(actor=actor(practitioner), lot=lot, reason="supplier notice 2026-14")

    assert recalled.recalled_by == practitioner
    assert recalled.recalled_at is not None
    assert recalled.recall_reason == "supplier notice 2026-14"
    with pytest.raises(DomainError) as refused:
        stock_use(actor=actor(practitioner), lot=lot, volume_ml=Decimal("1"), reference="")
    assert refused.value.field == "lot"
    assert "recalled (supplier notice 2026-14)" in refused.value.message
    assert audit_count(action=Action.UPDATE, target=f"lot {lot.id} recall") == 1


def test_a_recall_needs_a_reason_and_happens_once(lot, practitioner):
    with pytest.raises(DomainError) as refused:
        lot_recall(actor=actor(practitioner), lot=lot, reason="")
    assert refused.value.field == "reason"

    lot_recall(actor=actor(practitioner), lot=lot, reason="notice")
    with pytest.raises(DomainError, match="already recalled"):
        lot_recall(actor=actor(practitioner), lot=lot, reason="again")


# -- usable lots -----------------------------------------------------------------------------


def test_usable_lots_leave_out_expired_recalled_and_empty_ones_soonest_expiry_first(
    product, practitioner, today, expired_lot
):
    later = receive(practitioner, product, number="LATER", expiry=today + timedelta(days=300))
    sooner = receive(practitioner, product, number="SOONER", expiry=today + timedelta(days=20))
    recalled = receive(practitioner, product, number="BAD", expiry=today + timedelta(days=10))
    lot_recall(actor=actor(practitioner), lot=recalled, reason="notice")
    empty = receive(practitioner, product, number="EMPTY", expiry=today + timedelta(days=5))
    stock_use(actor=actor(practitioner), lot=empty, volume_ml=Decimal("10"), reference="c1")

    assert list(usable_lots(actor(practitioner), product, today)) == [sooner, later]


def test_usable_lots_are_empty_for_another_clinic(lot, product, outsider, today):
    assert not usable_lots(actor(outsider), product, today).exists()
