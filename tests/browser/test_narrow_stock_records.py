# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""At a phone's width (390 px) the signed chart's products, a product's lots and a lot's
recall report stack a card per row, each value beside its column's name: the lot and the
volume given, which a recall is traced by, never hide past the edge of the screen."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.test_narrow_pages import PHONE, assert_fits
from tests.browser_steps import log_in
from tests.charting.conftest import caffeine, caffeine_lot, chart_on_page  # noqa: F401
from tests.courses.conftest import active, course, grade_two, ready, today  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_charted_lot_s_records_stack_on_a_phone(page, active, practitioner, caffeine_lot, today):
    desk = Client()
    desk.force_login(practitioner)
    session = chart_on_page(desk, active, [(caffeine_lot, "2")], today)
    page.set_viewport_size(PHONE)
    log_in(page)

    assert_fits(page, f"/sessions/{session.id}/")
    expect(page.locator("main td[data-label='Volume']").first).to_have_text("2.00 mL")
    assert_fits(page, f"/formulary/products/{caffeine_lot.product_id}/")
    expect(page.locator("main td[data-label='Supplier']").first).to_be_visible()
    assert_fits(page, f"/lots/{caffeine_lot.id}/recall-report/")
    expect(page.locator("main td[data-label='Volume']").first).to_be_visible()
