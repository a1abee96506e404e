"""Product names, lot numbers, suppliers and references are one line of plain text on the
pages as on the API; descriptions and reasons may run over several lines, but no text
holds control characters."""

from datetime import timedelta

import pytest
from django.test import Client

from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary.models import Lot, Product, StockMovement
from mesoclinic.formulary.services import lot_receive
from tests.conftest import actor, client_for
from tests.formulary.test_api import lot_body, post, product_body
from tests.formulary.test_pages import lot_form, product_form

ONE_LINE = "Write this on one line, without line breaks or tabs."


@pytest.fixture
def admin(clinic_admin) -> Client:
    return client_for(clinic_admin)


@pytest.mark.parametrize("field", ["name", "form", "concentration"])
def test_a_product_field_of_two_lines_is_refused_beside_it(riverside, admin, field):
    response = admin.post(
        f"/formulary/clinic/{riverside.id}/products/new/", product_form(**{field: "L-car\nnitine"})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [ONE_LINE]
    assert not Product.objects.exists()


def test_a_product_cannot_be_renamed_to_two_lines(product, admin):
    response = admin.post(
        f"/formulary/products/{product.id}/edit/", product_form(name="Caffeine\n250 mg")
    )

    assert response.context["form"].errors["name"] == [ONE_LINE]
    product.refresh_from_db()
    assert "\n" not in product.name


def test_a_description_may_run_over_several_lines(riverside, admin):
    admin.post(
        f"/formulary/clinic/{riverside.id}/products/new/",
        product_form(description="Store below 25 °C.\nKeep out of light."),
    )

    assert Product.objects.get().description == "Store below 25 °C.\nKeep out of light."


@pytest.mark.parametrize("field", ["lot_number", "supplier", "reference"])
def test_a_lot_field_of_two_lines_is_refused_beside_it(product, logged_in, today, field):
    response = logged_in.post(
        f"/formulary/products/{product.id}/lots/new/", lot_form(today, **{field: "AB\n12"})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [ONE_LINE]
    assert not Lot.objects.filter(product=product).exists()


def test_a_waste_reason_with_a_control_character_is_refused(lot, logged_in):
    response = logged_in.post(
        f"/formulary/lots/{lot.id}/movements/new/",
        {"kind": "wasted", "volume_ml": "1", "reason": "dropped\x07"},
    )

    assert response.context["form"].errors["reason"] == [
        "Remove the control characters (such as NUL)."
    ]
    assert StockMovement.objects.count() == 1


def test_the_service_refuses_a_lot_number_of_two_lines_whoever_calls_it(
    product, practitioner, today
):
    with pytest.raises(DomainError) as refused:
        lot_receive(
            actor=actor(practitioner),
            product=product,
            lot_number="AB\n12",
            expiry_date=today + timedelta(days=365),
            supplier="Acme",
            quantity_units=1,
            received_on=today,
        )

    assert (refused.value.field, refused.value.message) == ("lot_number", ONE_LINE)


def test_the_api_refuses_a_lot_number_of_two_lines_with_the_pages_words(product, logged_in, today):
    response = post(
        logged_in,
        f"/api/v1/formulary/products/{product.id}/lots",
        lot_body(today, lot_number="AB\n12"),
    )

    assert response.status_code == 422
    assert ONE_LINE in response.json()["errors"]["lot_number"]
    assert not Lot.objects.exists()


def test_the_api_refuses_a_product_name_of_two_lines_with_the_pages_words(riverside, admin):
    response = post(
        admin,
        f"/api/v1/formulary/clinics/{riverside.id}/products",
        product_body(name="Hyaluronidase\n1500 IU"),
    )

    assert response.status_code == 422
    assert ONE_LINE in response.json()["errors"]["name"]
    assert not Product.objects.exists()
