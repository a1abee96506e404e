# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""At a phone's width (390 px) the clinic's staff list and a course's bookings stack a card
per row, each value beside its column's name: the role, the room and the status stay in view."""

from datetime import time

import pytest
from playwright.sync_api import expect

from tests.appointments.booking_helpers import book_today
from tests.browser.test_narrow_pages import PHONE, assert_fits
from tests.browser_steps import log_in
from tests.courses.conftest import active, course, grade_two, ready, today  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_staff_list_and_a_course_s_bookings_stack_on_a_phone(
    page, active, clinic_admin, practitioner, front_desk
):
    book_today(active, practitioner, at=time(0, 1), booked_by=front_desk)
    page.set_viewport_size(PHONE)
    log_in(page, clinic_admin.username)

    assert_fits(page, f"/clinic/{active.clinic_id}/staff/")
    expect(page.locator("main td[data-label='Role']").first).to_be_visible()
    assert_fits(page, f"/courses/{active.id}/booking/")
    expect(page.locator("main td[data-label='Status']").first).to_be_visible()
