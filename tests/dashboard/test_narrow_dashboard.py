"""At a phone's width (390 px) the dashboard and the outcomes keep every figure in view:
their tables stack into cards and the bar chart scales down with its values as text."""

import os
from datetime import time

import pytest
from playwright.sync_api import Page, expect

from mesoclinic.clinics.models import OpeningHours
from tests.browser.test_narrow_pages import PHONE, assert_fits
from tests.browser_steps import log_in
from tests.dashboard.conftest import measured_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("DASHBOARD_SCREENSHOTS", "")  # a folder, to look at the pages


def test_the_dashboard_and_outcomes_fit_a_phone(page: Page, riverside, clinic_admin):
    for weekday in range(5):
        OpeningHours.objects.create(
            clinic=riverside, weekday=weekday, opens=time(9), closes=time(17)
        )
    for _ in range(10):
        measured_course(riverside, clinic_admin)
    for _ in range(3):
        measured_course(riverside, clinic_admin, grade=3, sessions=25)
    page.set_viewport_size(PHONE)
    log_in(page, "riverside.admin")

    assert_fits(page, f"/dashboard/{riverside.id}/")
    expect(page.locator("main svg[role='img']").first).to_be_visible()
    expect(page.get_by_text("Figures as of")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard-phone.png", full_page=True)
    assert_fits(page, f"/dashboard/{riverside.id}/outcomes/")
    expect(page.locator("main td[data-label='Responders']").first).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/outcomes-phone.png", full_page=True)
        page.set_viewport_size({"width": 1100, "height": 900})
        page.goto(f"/dashboard/{riverside.id}/")
        page.screenshot(path=f"{SHOTS}/dashboard-wide.png", full_page=True)
        page.goto(f"/dashboard/{riverside.id}/outcomes/")
        page.screenshot(path=f"{SHOTS}/outcomes-wide.png", full_page=True)
