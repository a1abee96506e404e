"""The formulary API: the same rules and the same access as the pages."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.formulary.models import Lot, Product, StockMovement
from mesoclinic.web.tokens import token_create
from tests.conftest import actor, client_for
from tests.formulary.conftest import XSS, make_product, receive


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def lot_body(today, **extra) -> dict:
    return {
        "lot_number": "API-1",
        "expiry_date": str(today + timedelta(days=90)),
        "supplier": "Pharma Supplies Ltd",
        "quantity_units": 3,
        **extra,
    }


def product_body(**extra) -> dict:
    return {
        "name": "Hyaluronidase 1500 IU",
        "ingredients": ["hyaluronidase"],
        "mechanisms": ["connective_tissue"],
        "form": "powder for solution for injection",
        "concentration": "1500 IU",
        "unit": "vial",
        "volume_per_unit_ml": "2",
        **extra,
    }


@pytest.fixture
def api(practitioner) -> Client:
    return client_for(practitioner)


@pytest.fixture
def admin_api(clinic_admin) -> Client:
    return client_for(clinic_admin)


# -- reading ---------------------------------------------------------------------------------


def test_products_are_listed_with_limits_and_usable_stock_as_the_page_shows_them(
    product, unlimited, lot, expired_lot, api
):
    body = api.get("/api/v1/formulary/products").json()

    by_name = {item["name"]: item for item in body}
    caffeine = by_name["Caffeine 250 mg/5 mL"]
    assert caffeine["session_limit_ml"] == "5.00"
    assert caffeine["usable_ml"] == "10.00"
    assert caffeine["on_hand_ml"] == "15.00"
    assert caffeine["chartable"] is True
    silicon = by_name["Organic silicon 0.5%"]
    assert silicon["session_limit_ml"] is None
    assert silicon["chartable"] is False
    assert "no per-session limit" in silicon["not_chartable_reason"]


def test_the_list_covers_only_the_callers_clinics(product, hillcrest_lot, api, outsider):
    assert [p["name"] for p in api.get("/api/v1/formulary/products").json()] == [product.name]
    other = client_for(outsider).get("/api/v1/formulary/products").json()
    assert [p["clinic_id"] for p in other] == [hillcrest_lot.clinic_id]
    assert (
        api.get(f"/api/v1/formulary/products?clinic_id={hillcrest_lot.clinic_id}").status_code
        == 404
    )


def test_a_product_is_read_with_its_lots_soonest_expiry_first(product, lot, expired_lot, api):
    body = api.get(f"/api/v1/formulary/products/{product.id}").json()

    assert [lot["lot_number"] for lot in body["lots"]] == ["OLD1", "AB123"]
    assert body["lots"][0]["status"] == "expired"
    assert body["lots"][0]["usable"] is False
    assert "expired on" in body["lots"][0]["unusable_reason"]
    assert body["lots"][1] == {
        **body["lots"][1],
        "status": "usable",
        "on_hand_ml": "10.00",
        "received_ml": "10.00",
        "quantity_received_units": 2,
        "received_by": "riverside.practitioner",
        "recall": None,
    }


def test_a_lot_is_read_with_its_movements(lot, api):
    body = api.get(f"/api/v1/formulary/lots/{lot.id}").json()

    assert body["product_name"] == "Caffeine 250 mg/5 mL"
    assert [(m["kind"], m["quantity_ml"], m["balance_after_ml"]) for m in body["movements"]] == [
        ("received", "10.00", "10.00")
    ]


# -- receiving, movements, recall ------------------------------------------------------------


def test_a_lot_is_received(product, api, today):
    response = post(api, f"/api/v1/formulary/products/{product.id}/lots", lot_body(today))

    assert response.status_code == 201
    body = response.json()
    assert (body["on_hand_ml"], body["received_on"], body["status"]) == (
        "15.00",
        str(today),
        "usable",
    )
    assert Lot.objects.get(pk=body["id"]).received_by.username == "riverside.practitioner"


@pytest.mark.parametrize("field", ["clinic_id", "on_hand_ml", "received_by", "recalled_at", "id"])
def test_fields_the_server_owns_are_refused_on_receipt(product, api, today, field):
    response = post(
        api, f"/api/v1/formulary/products/{product.id}/lots", lot_body(today, **{field: "1"})
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Lot.objects.exists()


def test_a_duplicate_lot_number_is_refused_naming_the_field(product, lot, api, today):
    response = post(
        api, f"/api/v1/formulary/products/{product.id}/lots", lot_body(today, lot_number="AB123")
    )
    assert response.status_code == 422
    assert "already recorded" in response.json()["errors"]["lot_number"]


def test_waste_is_recorded_and_an_overdraw_is_refused_stating_the_stock_left(lot, api):
    response = post(
        api,
        f"/api/v1/formulary/lots/{lot.id}/movements",
        {"kind": "wasted", "volume_ml": "2.25", "reason": "opened, not used"},
    )
    assert response.status_code == 201
    assert response.json()["on_hand_ml"] == "7.75"

    refused = post(
        api,
        f"/api/v1/formulary/lots/{lot.id}/movements",
        {"kind": "wasted", "volume_ml": "8", "reason": "dropped"},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "volume_ml": "Only 7.75 mL left in lot AB123: record at most that, "
        "or take the rest from another lot."
    }


def test_use_cannot_be_recorded_through_the_movements_endpoint(lot, api):
    response = post(
        api,
        f"/api/v1/formulary/lots/{lot.id}/movements",
        {"kind": "used", "volume_ml": "1", "reason": "x"},
    )
    assert response.status_code == 422
    assert StockMovement.objects.count() == 1


def test_an_adjustment_is_a_clinic_admins(lot, api, admin_api):
    body = {"kind": "adjusted", "volume_ml": "-0.5", "reason": "stock count"}
    assert post(api, f"/api/v1/formulary/lots/{lot.id}/movements", body).status_code == 404

    response = post(admin_api, f"/api/v1/formulary/lots/{lot.id}/movements", body)
    assert response.status_code == 201
    assert response.json()["movements"][-1]["quantity_ml"] == "-0.50"


def test_a_volume_with_three_decimals_is_refused(lot, api):
    response = post(
        api,
        f"/api/v1/formulary/lots/{lot.id}/movements",
        {"kind": "wasted", "volume_ml": "0.125", "reason": "x"},
    )
    assert response.status_code == 422
    assert "volume_ml" in response.json()["errors"]


def test_a_lot_is_recalled_with_its_reason(lot, api):
    response = post(api, f"/api/v1/formulary/lots/{lot.id}/recall", {"reason": "notice 9"})

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "recalled"
    assert body["recall"]["reason"] == "notice 9"
    assert body["recall"]["by"] == "riverside.practitioner"
    again = post(api, f"/api/v1/formulary/lots/{lot.id}/recall", {"reason": "again"})
    assert again.status_code == 422
    assert "already recalled" in again.json()["errors"]["lot"]


# -- products (admins) -----------------------------------------------------------------------


def test_an_admin_creates_a_product_that_cannot_be_charted_until_its_limit_is_set(
    riverside, admin_api
):
    response = post(admin_api, f"/api/v1/formulary/clinics/{riverside.id}/products", product_body())
    assert response.status_code == 201
    body = response.json()
    assert (body["chartable"], body["session_limit_ml"], body["lots"]) == (False, None, [])

    limited = post(
        admin_api,
        f"/api/v1/formulary/products/{body['id']}/session-limit",
        {"limit_ml": "1.5", "basis": "medical lead"},
    )
    assert limited.status_code == 200
    assert (limited.json()["session_limit_ml"], limited.json()["chartable"]) == ("1.50", True)


def test_a_practitioner_cannot_create_products_or_set_limits(riverside, product, api):
    assert (
        post(api, f"/api/v1/formulary/clinics/{riverside.id}/products", product_body()).status_code
        == 404
    )
    response = post(
        api,
        f"/api/v1/formulary/products/{product.id}/session-limit",
        {"limit_ml": "50", "basis": "x"},
    )
    assert response.status_code == 404
    product.refresh_from_db()
    assert product.session_limit_ml == Decimal("5.00")


def test_an_unknown_mechanism_is_refused(riverside, admin_api):
    response = post(
        admin_api,
        f"/api/v1/formulary/clinics/{riverside.id}/products",
        product_body(mechanisms=["detox"]),
    )
    assert response.status_code == 422
    assert not Product.objects.exists()


# -- who may not -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_every_endpoint_is_not_found_for_anyone_without_clinical_access_here(
    riverside, product, lot, who, request, today
):
    client = client_for(request.getfixturevalue(who))
    for url in (f"/api/v1/formulary/products/{product.id}", f"/api/v1/formulary/lots/{lot.id}"):
        assert client.get(url).status_code == 404, url
    writes = [
        (f"/api/v1/formulary/products/{product.id}/lots", lot_body(today)),
        (f"/api/v1/formulary/lots/{lot.id}/recall", {"reason": "x"}),
        (
            f"/api/v1/formulary/lots/{lot.id}/movements",
            {"kind": "wasted", "volume_ml": "1", "reason": "x"},
        ),
        (
            f"/api/v1/formulary/products/{product.id}/session-limit",
            {"limit_ml": "9", "basis": "x"},
        ),
        (f"/api/v1/formulary/clinics/{riverside.id}/products", product_body()),
    ]
    for url, body in writes:
        assert post(client, url, body).status_code == 404, url
    assert product.name not in client.get("/api/v1/formulary/products").content.decode()
    lot.refresh_from_db()
    assert (lot.on_hand_ml, lot.recalled_at) == (Decimal("10.00"), None)


def test_without_a_login_the_api_answers_401(lot, client):
    assert client.get(f"/api/v1/formulary/lots/{lot.id}").status_code == 401


def test_a_session_post_without_the_csrf_token_is_refused(lot, practitioner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    response = post(strict, f"/api/v1/formulary/lots/{lot.id}/recall", {"reason": "x"})

    assert response.status_code == 403
    lot.refresh_from_db()
    assert lot.recalled_at is None


def test_a_token_works_and_its_reads_are_audited_as_api(lot, practitioner):
    _, token = token_create(actor=actor(practitioner), user=practitioner)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert client.get(f"/api/v1/formulary/lots/{lot.id}").status_code == 200
    row = AuditEvent.objects.filter(action=Action.READ).first()
    assert (row.target, row.via, row.clinic_id) == (f"lot {lot.id}", "api", lot.clinic_id)


def test_each_api_read_and_write_is_audited(product, lot, api, today):
    api.get("/api/v1/formulary/products")
    api.get(f"/api/v1/formulary/products/{product.id}")
    created = post(api, f"/api/v1/formulary/products/{product.id}/lots", lot_body(today)).json()
    post(api, f"/api/v1/formulary/lots/{lot.id}/recall", {"reason": "x"})

    rows = AuditEvent.objects.filter(via="api", clinic_id=product.clinic_id)
    assert rows.filter(action=Action.READ, target="formulary").exists()
    assert rows.filter(action=Action.READ, target=f"product {product.id}").exists()
    assert rows.filter(action=Action.CREATE, target=f"lot {created['id']}").exists()
    assert rows.filter(action=Action.UPDATE, target=f"lot {lot.id} recall").exists()


def test_hostile_text_comes_back_as_data(riverside, clinic_admin, practitioner, api):
    product = make_product(clinic_admin, riverside, name=XSS)
    receive(practitioner, product, number=XSS)

    response = api.get(f"/api/v1/formulary/products/{product.id}")

    assert response["Content-Type"].startswith("application/json")
    assert response.json()["name"] == XSS
    assert response.json()["lots"][0]["lot_number"] == XSS


def test_the_openapi_document_lists_the_formulary_endpoints(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/formulary/products",
        "/api/v1/formulary/products/{product_id}",
        "/api/v1/formulary/lots/{lot_id}",
        "/api/v1/formulary/products/{product_id}/lots",
        "/api/v1/formulary/lots/{lot_id}/recall",
        "/api/v1/formulary/lots/{lot_id}/movements",
        "/api/v1/formulary/clinics/{clinic_id}/products",
        "/api/v1/formulary/products/{product_id}/session-limit",
    } <= set(paths)
    assert set(paths["/api/v1/formulary/lots/{lot_id}"]) == {"get"}


def test_an_admin_clears_a_limit_with_null_and_the_product_stops_being_chartable(
    product, admin_api
):
    response = post(
        admin_api,
        f"/api/v1/formulary/products/{product.id}/session-limit",
        {"limit_ml": None, "basis": "under review"},
    )
    assert response.status_code == 200
    assert (response.json()["session_limit_ml"], response.json()["chartable"]) == (None, False)
