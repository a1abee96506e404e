"""On a phone, in Chromium: she signs in, opens her course, asks for mornings (the live
results change, her choices stay), books a plan, moves a session and cancels another; on a
tablet the same pages fit too."""

import pytest
from playwright.sync_api import Page, expect

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment
from tests.portal.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_she_books_her_course_moves_one_session_and_cancels_another_on_a_phone(
    page, online, next_week_course, ada_account
):
    page.set_viewport_size(PHONE)
    page.goto("/portal/sign-in/")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Course from").click()
    expect(page.get_by_role("heading", name="Your course", level=1)).to_be_visible()
    _fits(page, PHONE["width"])

    page.get_by_role("link", name="Find times").click()
    expect(page.get_by_role("button", name="Book plan 1")).to_be_visible()
    page.get_by_label("Time of day").select_option("morning")
    expect(page.locator("#results")).to_contain_text("Plan 1")
    expect(page.get_by_label("Time of day")).to_have_value("morning")  # the form stays
    _fits(page, PHONE["width"])
    page.get_by_role("button", name="Book plan 1").click()
    expect(page.get_by_role("status").first).to_contain_text("booked")
    booked = Appointment.objects.filter(course=next_week_course, status="booked")
    assert booked.count() == next_week_course.sessions_planned
    assert all(to_wall(row.starts_at, row.clinic).hour < 12 for row in booked)

    page.get_by_role("link", name="Move session 3").click()
    expect(page.get_by_role("heading", name="Move session 3")).to_be_visible()
    _fits(page, PHONE["width"])
    page.get_by_role("button", name="Move to").first.click()
    expect(page.get_by_role("status").first).to_contain_text("Session 3 moved")

    page.get_by_role("link", name="Cancel session 5").click()
    page.get_by_role("button", name="Cancel session 5").click()
    expect(page.get_by_role("status").first).to_contain_text("Session 5 cancelled")

    page.set_viewport_size(TABLET)
    page.reload()
    _fits(page, TABLET["width"])
