"""The formulary pages as staff use them, and who may not see them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Membership, Role
from mesoclinic.formulary.models import Lot, Product, StockMovement
from mesoclinic.formulary.services import lot_recall
from tests.conftest import actor, client_for
from tests.formulary.conftest import XSS, make_product, receive


def read_urls(riverside, product, lot) -> list[str]:
    return [
        f"/formulary/clinic/{riverside.id}/",
        f"/formulary/products/{product.id}/",
        f"/formulary/products/{product.id}/lots/new/",
        f"/formulary/lots/{lot.id}/",
        f"/formulary/lots/{lot.id}/movements/new/",
        f"/formulary/lots/{lot.id}/recall/",
    ]


def form_urls(riverside, product, lot) -> list[str]:
    """Every page that changes something: each takes a POST."""
    return [
        f"/formulary/products/{product.id}/lots/new/",
        f"/formulary/lots/{lot.id}/movements/new/",
        f"/formulary/lots/{lot.id}/recall/",
        *admin_urls(riverside, product),
    ]


def admin_urls(riverside, product) -> list[str]:
    return [
        f"/formulary/clinic/{riverside.id}/products/new/",
        f"/formulary/products/{product.id}/edit/",
        f"/formulary/products/{product.id}/limit/",
    ]


def lot_form(today, **extra) -> dict:
    return {
        "lot_number": "NEW-1",
        "expiry_date": (today + timedelta(days=200)).isoformat(),
        "supplier": "Pharma Supplies Ltd",
        "quantity_units": "4",
        "received_on": today.isoformat(),
        "reference": "DN-778",
        **extra,
    }


def product_form(**extra) -> dict:
    return {
        "name": "L-carnitine 1 g/5 mL",
        "description": "",
        "ingredients": "L-carnitine\n\nwater for injection",
        "mechanisms": ["fat"],
        "form": "solution for injection",
        "concentration": "1 g/5 mL",
        "unit": "ampoule",
        "volume_per_unit_ml": "5",
        **extra,
    }


@pytest.fixture
def admin(clinic_admin) -> Client:
    return client_for(clinic_admin)


# -- the formulary list ----------------------------------------------------------------------


def test_the_formulary_link_takes_a_one_clinic_practitioner_to_their_clinic(riverside, logged_in):
    response = logged_in.get("/formulary/")
    assert response.status_code == 302
    assert response["Location"] == f"/formulary/clinic/{riverside.id}/"


def test_a_member_of_two_clinics_chooses_one(riverside, hillcrest, practitioner):
    Membership.objects.create(user=practitioner, clinic=hillcrest, role=Role.PRACTITIONER)
    content = client_for(practitioner).get("/formulary/").content.decode()
    assert f'href="/formulary/clinic/{riverside.id}/"' in content
    assert f'href="/formulary/clinic/{hillcrest.id}/"' in content


def test_the_list_shows_limits_stock_and_warns_about_products_without_a_limit(
    riverside, product, unlimited, lot, expired_lot, logged_in
):
    content = logged_in.get(f"/formulary/clinic/{riverside.id}/").content.decode()

    assert "Caffeine 250 mg/5 mL" in content
    assert "5.00 mL" in content  # the limit
    assert "10.00 mL" in content  # usable stock: the expired lot does not count
    assert "15.00 mL held, some expired or recalled" in content
    assert "1 product without a per-session limit cannot be charted" in content
    assert f'href="/formulary/products/{unlimited.id}/"' in content
    assert "Cannot be charted" in content
    assert "Add a product" not in content  # a practitioner reads, an admin manages


def test_an_admin_sees_the_add_product_link(riverside, admin):
    assert b"Add a product" in admin.get(f"/formulary/clinic/{riverside.id}/").content


# -- products --------------------------------------------------------------------------------


def test_an_admin_adds_a_product_then_is_asked_for_its_limit(riverside, admin):
    response = admin.post(f"/formulary/clinic/{riverside.id}/products/new/", product_form())

    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/formulary/products/{product.id}/limit/"
    assert product.ingredients == ["L-carnitine", "water for injection"]
    assert product.session_limit_ml is None


def test_a_duplicate_product_name_is_refused_beside_the_name(riverside, product, admin):
    response = admin.post(
        f"/formulary/clinic/{riverside.id}/products/new/", product_form(name=product.name)
    )
    assert response.status_code == 200
    assert "already has a product named" in response.context["form"].errors["name"][0]
    assert b'id="id_name-error"' in response.content


def test_an_admin_sets_the_limit_with_its_basis(unlimited, admin):
    response = admin.post(
        f"/formulary/products/{unlimited.id}/limit/",
        {"limit_ml": "2.5", "basis": "medical lead, 2026 policy"},
    )

    assert response.status_code == 302
    unlimited.refresh_from_db()
    assert unlimited.session_limit_ml == Decimal("2.50")
    page = admin.get(f"/formulary/products/{unlimited.id}/").content.decode()
    assert "2.50 mL" in page
    assert "medical lead, 2026 policy" in page


def test_a_limit_without_a_basis_is_refused_beside_it(unlimited, admin):
    response = admin.post(f"/formulary/products/{unlimited.id}/limit/", {"limit_ml": "2"})
    assert "basis" in response.context["form"].errors


def test_the_product_page_says_plainly_when_it_cannot_be_charted(unlimited, logged_in):
    content = logged_in.get(f"/formulary/products/{unlimited.id}/").content.decode()
    assert "No limit set" in content
    assert "cannot be charted until a clinic admin sets" in content


def test_an_admin_edits_a_product_and_takes_it_out_of_use(product, admin):
    data = product_form(name="Caffeine renamed")
    response = admin.post(f"/formulary/products/{product.id}/edit/", data)

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.active) == ("Caffeine renamed", False)
    assert b"Out of use at this clinic" in admin.get(f"/formulary/products/{product.id}/").content


def test_the_product_page_lists_lots_soonest_expiry_first_with_their_status(
    product, lot, expired_lot, practitioner, logged_in
):
    lot_recall(actor=actor(practitioner), lot=lot, reason="notice")

    content = logged_in.get(f"/formulary/products/{product.id}/").content.decode()

    assert content.index("OLD1") < content.index("AB123")
    assert "Expired" in content
    assert "Recalled" in content
    assert "expired 2 days ago" in content


# -- lots ------------------------------------------------------------------------------------


def test_a_practitioner_receives_a_lot_from_the_form(product, logged_in, today):
    response = logged_in.post(f"/formulary/products/{product.id}/lots/new/", lot_form(today))

    lot = Lot.objects.get(lot_number="NEW-1")
    assert response.status_code == 302
    assert response["Location"] == f"/formulary/lots/{lot.id}/"
    assert lot.on_hand_ml == Decimal("20.00")
    assert lot.movements.get().reference == "DN-778"


def test_an_expired_delivery_is_refused_beside_the_expiry_date(product, logged_in, today):
    response = logged_in.post(
        f"/formulary/products/{product.id}/lots/new/",
        lot_form(today, expiry_date=(today - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 200
    assert "expired before it was received" in response.context["form"].errors["expiry_date"][0]
    assert not Lot.objects.filter(lot_number="NEW-1").exists()


def test_a_delivery_dated_outside_1900_to_2100_is_refused_beside_each_date(
    product, logged_in, today
):
    response = logged_in.post(
        f"/formulary/products/{product.id}/lots/new/",
        lot_form(today, expiry_date="9999-12-31", received_on="0001-01-01"),
    )

    errors = response.context["form"].errors
    assert errors["expiry_date"] == errors["received_on"] == ["Use a date between 1900 and 2100."]
    assert not Lot.objects.filter(lot_number="NEW-1").exists()


def test_the_lot_page_shows_every_movement_with_who_and_why(lot, logged_in):
    logged_in.post(
        f"/formulary/lots/{lot.id}/movements/new/",
        {"kind": "wasted", "volume_ml": "1.5", "reason": "ampoule dropped"},
    )

    content = logged_in.get(f"/formulary/lots/{lot.id}/").content.decode()
    assert "ampoule dropped" in content
    assert "−1.50 mL" in content or "-1.50 mL" in content
    assert "8.50 mL" in content
    assert "riverside.practitioner" in content


def test_waste_above_the_stock_is_refused_beside_the_volume_stating_the_stock_left(lot, logged_in):
    response = logged_in.post(
        f"/formulary/lots/{lot.id}/movements/new/",
        {"kind": "wasted", "volume_ml": "11", "reason": "dropped"},
    )
    assert "Only 10.00 mL left in lot AB123" in response.context["form"].errors["volume_ml"][0]
    assert StockMovement.objects.count() == 1


def test_a_practitioner_is_not_offered_an_adjustment_and_cannot_post_one(lot, logged_in, admin):
    page = logged_in.get(f"/formulary/lots/{lot.id}/movements/new/").content.decode()
    assert 'value="adjusted"' not in page
    response = logged_in.post(
        f"/formulary/lots/{lot.id}/movements/new/",
        {"kind": "adjusted", "volume_ml": "-1", "reason": "count"},
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors

    assert (
        'value="adjusted"' in admin.get(f"/formulary/lots/{lot.id}/movements/new/").content.decode()
    )
    response = admin.post(
        f"/formulary/lots/{lot.id}/movements/new/",
        {"kind": "adjusted", "volume_ml": "-1", "reason": "stock count"},
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    assert lot.on_hand_ml == Decimal("9.00")


def test_a_recall_asks_for_confirmation_first(lot, logged_in):
    page = logged_in.get(f"/formulary/lots/{lot.id}/recall/").content.decode()
    assert "A recall cannot be undone" in page

    response = logged_in.post(f"/formulary/lots/{lot.id}/recall/", {"reason": "notice 7"})

    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == ["Tick to confirm the recall."]
    lot.refresh_from_db()
    assert lot.recalled_at is None


def test_a_confirmed_recall_is_shown_clearly_on_the_lot_page(lot, logged_in):
    response = logged_in.post(
        f"/formulary/lots/{lot.id}/recall/", {"reason": "supplier notice 7", "confirm": "on"}
    )

    assert response.status_code == 302
    content = logged_in.get(f"/formulary/lots/{lot.id}/").content.decode()
    assert "Recalled: no session can use this lot." in content
    assert "supplier notice 7" in content
    assert "Recall this lot" not in content


# -- who may not -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_formulary_pages_are_not_found_for_anyone_without_clinical_access_here(
    riverside, product, lot, who, request
):
    client = client_for(request.getfixturevalue(who))
    for url in [*read_urls(riverside, product, lot), *admin_urls(riverside, product)]:
        assert client.get(url).status_code == 404, url
    for url in form_urls(riverside, product, lot):
        assert client.post(url, {"reason": "x", "confirm": "on"}).status_code == 404, url
    lot.refresh_from_db()
    assert (lot.on_hand_ml, lot.recalled_at) == (Decimal("10.00"), None)


@pytest.mark.parametrize("who", ["front_desk", "chain_manager"])
def test_the_formulary_index_is_not_found_without_clinical_access(who, request):
    assert client_for(request.getfixturevalue(who)).get("/formulary/").status_code == 404


def test_product_management_pages_are_not_found_for_a_practitioner(riverside, product, logged_in):
    for url in admin_urls(riverside, product):
        assert logged_in.get(url).status_code == 404, url
        assert logged_in.post(url, product_form()).status_code == 404, url


def test_unknown_products_and_lots_are_not_found(logged_in):
    assert logged_in.get("/formulary/products/999999/").status_code == 404
    assert logged_in.get("/formulary/lots/999999/").status_code == 404


def test_every_state_change_needs_the_csrf_token(riverside, product, lot, clinic_admin):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(clinic_admin)
    for url in form_urls(riverside, product, lot):
        assert strict.post(url, {"reason": "x"}).status_code == 403, url


def test_the_forms_carry_the_csrf_token(riverside, product, lot, admin):
    for url in form_urls(riverside, product, lot):
        assert b"csrfmiddlewaretoken" in admin.get(url).content, url


def test_every_page_writes_a_read_row_to_the_audit_trail(riverside, product, lot, admin):
    for url in [*read_urls(riverside, product, lot), *admin_urls(riverside, product)]:
        before = AuditEvent.objects.filter(action=Action.READ, clinic_id=riverside.id).count()
        assert admin.get(url).status_code == 200, url
        after = AuditEvent.objects.filter(action=Action.READ, clinic_id=riverside.id).count()
        assert after > before, url


def test_hostile_text_is_shown_as_text(riverside, clinic_admin, practitioner, logged_in):
    product = make_product(clinic_admin, riverside, name=XSS)
    lot = receive(practitioner, product, number=XSS)
    lot_recall(actor=actor(practitioner), lot=lot, reason=XSS)

    for url in (
        f"/formulary/clinic/{riverside.id}/",
        f"/formulary/products/{product.id}/",
        f"/formulary/lots/{lot.id}/",
        f"/formulary/lots/{lot.id}/movements/new/",
    ):
        content = logged_in.get(url).content.decode()
        assert XSS not in content, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in content, url


def test_the_patient_page_links_to_the_formulary_for_clinical_staff(patient, logged_in):
    response = logged_in.get(f"/patients/{patient.id}/")
    assert b'href="/formulary/"' in response.content
