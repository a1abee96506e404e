import re

import pytest
from playwright.sync_api import expect

from tests.browser_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until_htmx_settled(page):
    # htmx marks elements while it requests, swaps and settles; the console messages a
    # swap causes have arrived once none is marked.
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def test_a_practitioner_logs_in_and_gets_an_estimate_that_follows_the_fields(page, practitioner):
    log_in(page)

    page.get_by_role("link", name="Course estimate").first.click()
    result = page.locator("#estimate-result")
    expect(page.get_by_label("Nürnberger–Müller grade")).to_have_value("2")
    # Each step waits for its own answer (text the step before could not show).
    page.get_by_label("or CSS total (0–15)").fill("8")
    expect(result).to_contain_text("CSS 8")
    expect(result).to_contain_text("10–15")

    page.get_by_label("or CSS total (0–15)").fill("4")
    expect(result).to_contain_text("3–5")

    page.get_by_label("Nürnberger–Müller grade").select_option("3")
    expect(result).to_contain_text("NM grade 3")
    page.get_by_label("or CSS total (0–15)").fill("")
    expect(result).not_to_contain_text("CSS 4")
    expect(result).to_contain_text(re.compile(r"2\d or more"))
    expect(result).to_contain_text("uncertain")
    wait_until_htmx_settled(page)
    assert page.console_errors == [], "the page runs under its CSP without errors"


def test_a_mistake_is_shown_beside_its_field(page, practitioner):
    log_in(page)
    page.goto("/plan/estimate/")

    page.get_by_label("or CSS total (0–15)").fill("16")

    expect(page.locator(".field-error")).to_contain_text("CSS total")
    expect(page.locator("#estimate-result")).to_contain_text("Fix the fields")
