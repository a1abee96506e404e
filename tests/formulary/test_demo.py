"""The demo formulary: example data, labelled as such, with the states staff should see."""

import random
from datetime import date

import pytest

from mesoclinic.demo.formulary import PRODUCTS, create_formulary
from mesoclinic.demo.organisation import create_organisation
from mesoclinic.formulary.models import Lot, Product, StockMovement
from mesoclinic.formulary.services import product_chartable

TODAY = date(2026, 3, 2)


@pytest.fixture
def demo(db):
    clinics = create_organisation(TODAY)
    count = create_formulary(clinics, TODAY, random.Random(7))  # noqa: S311 - repeatable demo data
    return clinics, count


def test_every_demo_clinic_gets_the_whole_example_formulary(demo):
    clinics, count = demo

    assert count == len(PRODUCTS) * len(clinics)
    for clinic in clinics.values():
        assert Product.objects.filter(clinic=clinic).count() == len(PRODUCTS)


def test_every_demo_product_says_plainly_it_is_example_data(demo):
    for product in Product.objects.all():
        assert "example data" in product.name.lower()
        assert "Example data" in product.description
        if product.session_limit_ml is not None:
            assert product.session_limit_basis == (
                "Example limit set for the demo, not a dose recommendation."
            )


def test_the_demo_covers_the_ingredients_of_the_literature(demo):
    ingredients = {
        name.lower() for product in Product.objects.all() for name in product.ingredients
    }
    for expected in (
        "phosphatidylcholine",
        "sodium deoxycholate",
        "caffeine",
        "aminophylline",
        "l-carnitine",
        "organic silicon",
        "hyaluronidase",
    ):
        assert expected in ingredients
    names = " ".join(Product.objects.values_list("name", flat=True)).lower()
    assert all(word in names for word in ("vitamin", "trace minerals", "homeopathic"))


def test_one_demo_product_per_clinic_has_no_limit_and_cannot_be_charted(demo):
    clinics, _ = demo
    for clinic in clinics.values():
        unchartable = [p for p in Product.objects.filter(clinic=clinic) if product_chartable(p)]
        assert [p.name for p in unchartable] == ["Homeopathic mix (example data)"]


def test_each_demo_clinic_has_a_lot_near_expiry_and_one_already_expired_with_stock(demo):
    clinics, _ = demo
    for clinic in clinics.values():
        lots = Lot.objects.filter(clinic=clinic)
        assert lots.filter(expiry_date__lt=TODAY, on_hand_ml__gt=0).count() == 1
        near = [lot for lot in lots if 0 <= (lot.expiry_date - TODAY).days <= 14]
        assert len(near) == 1
        assert all(lot.on_hand_ml > 0 for lot in lots)
        assert all(lot.recalled_at is None for lot in lots)


def test_demo_stock_equals_its_movements(demo):
    for lot in Lot.objects.all():
        assert lot.on_hand_ml == sum(m.quantity_ml for m in lot.movements.all())
    assert StockMovement.objects.filter(kind="wasted").exists()
