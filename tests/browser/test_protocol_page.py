"""The protocol page in Chromium: every group fits a phone's width and a tablet's, with no
sideways scrolling of the page or of any table."""

import pytest
from playwright.sync_api import expect

from tests.browser_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDEST_TABLE = (
    "Math.max(...[...document.querySelectorAll('main table')]"
    ".map(t => t.getBoundingClientRect().right))"
)


@pytest.mark.parametrize("width", [390, 1024])
def test_the_protocol_page_fits_the_screen_width(page, practitioner, riverside, width):
    page.set_viewport_size({"width": width, "height": 900})

    log_in(page)
    if width < 600:  # on a phone the menu is folded behind its button
        page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Protocol").click()
    expect(
        page.get_by_role("heading", name="Adverse events and their expected course")
    ).to_be_visible()

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.evaluate(WIDEST_TABLE) <= width
