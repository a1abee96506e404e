"""A course in Chromium: from a ready patient to a planned course whose recommendation
follows the cadence chosen, started, its count changed with a reason, then stopped."""

import pytest
from playwright.sync_api import expect

from tests.browser_steps import log_in
from tests.courses.conftest import assess
from tests.screening.conftest import screen, sign_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_plans_starts_changes_and_stops_a_course(page, practitioner, patient):
    screen(patient, practitioner)
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2, (2, 2, 1, 1))
    log_in(page)

    page.goto(f"/patients/{patient.id}/screening/")
    page.get_by_role("link", name="Plan the course").click()
    expect(page.get_by_role("heading", name="New course")).to_be_visible()
    estimate = page.locator("#course-estimate")
    expect(estimate).to_contain_text("every 7 days")
    page.get_by_label("Fortnightly (every 14 days)").check()
    expect(estimate).to_contain_text("every 14 days")
    expect(estimate).to_contain_text("NM grade 2")
    page.get_by_role("button", name="Plan this course").click()

    expect(page.get_by_role("heading", name="Course")).to_contain_text("Planned")
    page.get_by_role("button", name="Start the course").click()
    expect(page.get_by_role("heading", name="Course")).to_contain_text("Active")

    page.get_by_text("Change the session count or cadence").click()
    page.get_by_label("New session count (a positive whole number)").fill("0")
    page.get_by_label("Reason for the change").fill("fewer visits")
    page.get_by_role("button", name="Change the plan").click()
    expect(page.get_by_text("The session count must be a positive whole number.")).to_be_visible()
    page.get_by_label("New session count (a positive whole number)").fill("8")
    page.get_by_role("button", name="Change the plan").click()
    expect(page.locator(".change-reason")).to_have_text("fewer visits")

    page.get_by_text("Stop the course", exact=True).first.click()
    page.get_by_label("Why is the course stopped?").fill("<b>moved away</b>")
    page.get_by_role("button", name="Stop the course").click()
    expect(page.locator(".stop-reason")).to_have_text("<b>moved away</b>")
    # The refused count answered 422, which Chromium logs; nothing else may (CSP).
    assert [e for e in page.console_errors if "status of 422" not in e] == []
