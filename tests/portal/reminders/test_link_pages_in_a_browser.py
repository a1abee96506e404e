"""The reminder's link pages in Chromium: Confirm on a tablet, Cancel on a phone (390 px),
each readable without sideways scrolling, each done by her button press."""

import pytest
from playwright.sync_api import Page, expect

from mesoclinic.appointments.models import AppointmentStatus
from tests.portal.reminders.conftest import reminded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page: Page) -> bool:
    width = page.viewport_size["width"] if page.viewport_size else 0
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_on_a_tablet_the_confirm_link_asks_then_thanks_her(page, booked, addressed):
    row = booked[1]
    page.goto(reminded(row)["confirm"])
    expect(page.get_by_role("heading", name="Will you come to your appointment?")).to_be_visible()
    assert fits(page)
    row.refresh_from_db()
    assert row.confirmed_at is None
    page.get_by_role("button", name="Yes, I will come").click()
    expect(page.get_by_role("heading", name="your appointment is confirmed")).to_be_visible()
    row.refresh_from_db()
    assert row.confirmed_at is not None
    expect(page.get_by_role("link", name="020 7946 0000")).to_be_visible()
    assert fits(page)
    assert page.console_errors == []


def test_on_a_phone_she_cancels_with_the_button_and_the_used_link_then_says_so(
    page, booked, addressed
):
    row = booked[1]
    links = reminded(row)
    page.set_viewport_size(PHONE)
    page.goto(links["cancel"])
    expect(page.get_by_role("heading", name="Cancel your appointment?")).to_be_visible()
    assert fits(page)
    page.get_by_role("button", name="Cancel this appointment").click()
    expect(page.get_by_role("heading", name="Your appointment is cancelled")).to_be_visible()
    assert fits(page)
    row.refresh_from_db()
    assert row.status == AppointmentStatus.CANCELLED_BY_PATIENT
    assert page.console_errors == []
    page.goto(links["cancel"])  # answered 410 Gone, which the console reports
    expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()
