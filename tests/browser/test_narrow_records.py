# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""At a phone's width (390 px) a lot's stock movements, the audit trail and the clinic
figures stack a card per row, each value beside its column's name, as every record table
does: nothing hides in a sideways-scrolling box, and the Older and Newest links page the
movements."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from mesoclinic.formulary.services import stock_waste
from tests.browser.test_narrow_pages import PHONE, assert_fits
from tests.browser_steps import log_in
from tests.conftest import actor
from tests.formulary.conftest import lot, product  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lot_s_movements_and_the_audit_trail_stack_on_a_phone(page, lot, clinic_admin):
    for number in range(55):
        stock_waste(
            actor=actor(clinic_admin), lot=lot, volume_ml=Decimal("0.10"), reason=f"Spill {number}"
        )
    page.set_viewport_size(PHONE)
    log_in(page, "riverside.admin")

    assert_fits(page, f"/formulary/lots/{lot.id}/")
    expect(page.locator("main td[data-label='Stock after']").first).to_be_visible()
    expect(page.locator("main td[data-label='Why']").first).to_have_text("Spill 54")
    page.get_by_role("link", name="Older").click()
    expect(page.locator("main td[data-label='Why']").first).to_have_text("Spill 4")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("link", name="Newest").click()
    expect(page.locator("main td[data-label='Why']").first).to_have_text("Spill 54")

    assert_fits(page, "/audit/")
    expect(page.locator("main td[data-label='From']").first).to_be_visible()


def test_the_clinic_figures_stack_on_a_phone(page, riverside, hillcrest, chain_manager):
    page.set_viewport_size(PHONE)
    log_in(page, chain_manager.username)

    assert_fits(page, "/reports/")
    expect(page.locator("main td[data-label='Active staff']").first).to_be_visible()
    note = page.get_by_text("Counts only: patient records stay with each clinic's clinical staff.")
    box = note.bounding_box()
    assert box is not None
    assert box["width"] > PHONE["width"] / 2, "the note is squeezed into a narrow column"
