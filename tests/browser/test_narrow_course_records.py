# ruff: noqa: F811 - the fixture imported below is redefined as a test argument
"""At a phone's width (390 px) a course's changes to the plan and a patient's adverse events
stack a card per row, each value beside its column's name, on the demo chain's records."""

import pytest
from playwright.sync_api import expect

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.courses.models import CourseChange
from tests.browser.test_narrow_pages import PHONE, assert_fits, demo  # noqa: F401
from tests.browser_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_course_s_changes_and_the_adverse_events_stack_on_a_phone(page, demo):
    clinic, _ = demo
    change = CourseChange.objects.filter(course__clinic=clinic).first()
    event = AdverseEvent.objects.filter(patient__clinic=clinic).first()
    assert change is not None, "the demo has a course whose plan was changed"
    assert event is not None, "the demo has an adverse event"
    page.set_viewport_size(PHONE)
    log_in(page, "riverside.admin")

    assert_fits(page, f"/courses/{change.course_id}/")
    expect(page.locator("main td[data-label='Reason']").first).to_be_visible()
    assert_fits(page, f"/patients/{event.patient_id}/adverse-events/")
    expect(page.locator("main td[data-label='State']").first).to_be_visible()
