"""The formulary in Chromium at tablet width: a clinic admin adds a product (not chartable
until its limit is set), sets the limit, receives a lot, records waste, and recalls the
lot through the confirmation step."""

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from mesoclinic.clinics.clock import clinic_today
from tests.browser_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("FORMULARY_SCREENSHOTS")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_an_admin_sets_up_a_product_receives_a_lot_and_recalls_it(page, clinic_admin, riverside):
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, "riverside.admin")

    page.goto("/formulary/")
    expect(page.get_by_role("heading", name="Formulary: Riverside")).to_be_visible()
    page.get_by_role("link", name="Add a product").click()
    page.get_by_label("Product name").fill("Caffeine 250 mg/5 mL")
    page.get_by_label("Ingredients, one per line").fill("caffeine\nwater for injection")
    page.get_by_label("Excess fat").check()
    page.get_by_label("Supplied as").select_option("ampoule")
    page.get_by_label("Volume per unit (mL)").fill("5")
    page.get_by_role("button", name="Add product").click()

    expect(
        page.get_by_role("heading", name="Per-session limit: Caffeine 250 mg/5 mL")
    ).to_be_visible()
    page.get_by_role("link", name="Formulary: Riverside").click()
    expect(
        page.get_by_text("1 product without a per-session limit cannot be charted")
    ).to_be_visible()
    shot(page, "list-without-limit")
    page.get_by_role("link", name="Caffeine 250 mg/5 mL").first.click()
    page.get_by_role("link", name="Set the limit").click()
    page.get_by_label("Maximum per session (mL)").fill("5")
    page.get_by_label("Basis for this limit").fill("Medical lead, clinic policy 2026")
    page.get_by_role("button", name="Save limit").click()
    expect(page.get_by_text("5.00 mL at most per session")).to_be_visible()

    today = clinic_today(riverside)
    page.get_by_role("link", name="Receive a lot").click()
    page.get_by_label("Lot number").fill("CF2291")
    page.get_by_label("Expiry date").fill((today + timedelta(days=120)).isoformat())
    page.get_by_label("Units received").fill("4")
    page.get_by_label("Supplier", exact=True).fill("Pharma Supplies Ltd")
    page.get_by_role("button", name="Receive lot").click()
    expect(page.get_by_role("heading", name="Lot CF2291")).to_be_visible()
    expect(page.get_by_text("20.00 mL of 20.00 mL received")).to_be_visible()

    page.get_by_role("link", name="Record waste or an adjustment").click()
    page.get_by_label("Wasted: thrown away").check()
    page.get_by_label("Volume (mL)").fill("25")
    page.get_by_label("Why").fill("dropped")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Only 20.00 mL left in lot CF2291")).to_be_visible()
    page.get_by_label("Volume (mL)").fill("5")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("15.00 mL of 20.00 mL received")).to_be_visible()

    page.get_by_role("link", name="Recall this lot").click()
    page.get_by_label("Reason").fill("Supplier recall notice 2026-14")
    page.get_by_role("button", name="Recall lot CF2291").click()
    expect(page.get_by_text("Tick to confirm the recall.")).to_be_visible()
    shot(page, "recall-confirm")
    page.get_by_label("I confirm").check()
    page.get_by_role("button", name="Recall lot CF2291").click()
    expect(page.get_by_text("Recalled: no session can use this lot.")).to_be_visible()
    shot(page, "lot-recalled")
    page.get_by_role("link", name="Caffeine 250 mg/5 mL").click()
    shot(page, "product")
    assert page.console_errors == []
