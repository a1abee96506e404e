"""In Chromium: the portal's "Page not found" fits a phone and a tablet and leads her home,
and the portal settings page says beside the practitioners what to fix when online booking
is turned on with none chosen."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser_steps import log_in
from tests.portal.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}


def fits(page: Page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def test_the_portal_404_fits_a_phone_and_a_tablet_and_leads_her_home(page, ada_account):
    page.set_viewport_size(PHONE)
    page.goto("/portal/sign-in/")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Hello, Ada")).to_be_visible()

    for size in (PHONE, TABLET):
        page.set_viewport_size(size)
        page.goto("/portal/no/such/page/")
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        assert fits(page, size["width"])
    page.get_by_role("link", name="Go to your home page").click()
    expect(page.get_by_text("Hello, Ada")).to_be_visible()


def test_online_booking_without_a_practitioner_is_refused_beside_the_field(
    page, clinic_admin, practitioner, riverside
):
    page.set_viewport_size(TABLET)
    log_in(page, "riverside.admin")
    page.goto(f"/clinic/{riverside.id}/portal/")
    page.get_by_label("Patients may book online").check()
    page.get_by_role("button", name="Save portal settings").click()
    expect(page.locator(".field-error")).to_contain_text(
        "Choose at least one practitioner patients may book online, or turn online booking off."
    )
    expect(page.get_by_label("Patients may book online")).to_be_checked()  # nothing lost
    assert fits(page, TABLET["width"])
