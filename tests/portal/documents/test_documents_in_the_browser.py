"""In Chromium: the practitioner shares the treatment plan from the course page on a
tablet; the patient, on a phone (390 px), finds it under Documents and downloads it as the
PDF the clinic made, and nothing on her page reaches past the screen's edge."""

import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.test_narrow_pages import PHONE
from tests.browser_steps import log_in
from tests.portal.conftest import PASSWORD, account_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plan_shared_on_the_tablet_is_downloaded_on_her_phone(
    page, browser, live_server, practitioner, patient, course, tmp_path
):
    account_for(patient)
    log_in(page)
    page.goto(f"/courses/{course.id}/")
    expect(page.get_by_text("Treatment plan: not shared with the patient.")).to_be_visible()
    page.get_by_role("button", name="Share treatment plan in the patient's portal").click()
    expect(page.get_by_text("Treatment plan shared with the patient on")).to_be_visible()

    phone = browser.new_context(base_url=live_server.url, viewport=PHONE, accept_downloads=True)
    try:
        hers = phone.new_page()
        hers.goto("/portal/sign-in/")
        hers.get_by_label("Email").fill("ada@example.org")
        hers.get_by_label("Password").fill(PASSWORD)
        hers.get_by_role("button", name="Sign in").click()
        expect(hers.get_by_role("heading", name="Hello, Ada")).to_be_visible()
        hers.get_by_role("link", name="Your treatment plan, progress reports").click()

        title = f"Treatment plan for the course from {course.starts_on.day} "
        expect(hers.get_by_role("heading", name=title)).to_be_visible()
        assert hers.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        with hers.expect_download() as download_info:
            hers.get_by_role("link", name="Download").first.click()
        saved = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(saved)
    finally:
        phone.close()

    assert saved.name.startswith(f"plan-{course.id}-")
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Your treatment plan" in text
    assert "Ada Lovelace" in text
