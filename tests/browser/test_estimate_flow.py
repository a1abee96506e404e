import contextlib
import re

import pytest
from playwright.sync_api import Error, expect

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


def test_an_edit_made_while_an_estimate_is_in_flight_is_kept_and_wins(page, practitioner):
    log_in(page)
    page.goto("/plan/estimate/")
    expect(page.get_by_label("Nürnberger–Müller grade")).to_have_value("2")
    held = []

    def hold_the_first_estimate(route):
        # The first answer is kept back until the test lets it go, as a slow server would.
        if route.request.method == "POST" and not held:
            held.append(route)
        else:
            route.continue_()

    page.route("**/plan/estimate/", hold_the_first_estimate)
    page.get_by_label("Nürnberger–Müller grade").select_option("3")
    expect(page.locator("#planner form.htmx-request")).to_have_count(1)
    assert len(held) == 1, "the grade change is in flight"

    page.get_by_label("or CSS total (0–15)").fill("4")
    # The browser may already have dropped it for the newer edit.
    with contextlib.suppress(Error):
        held[0].continue_()

    result = page.locator("#estimate-result")
    expect(result).to_contain_text("grade 3, CSS total 4,")
    expect(page.get_by_label("or CSS total (0–15)")).to_have_value("4")
    expect(page.get_by_label("Nürnberger–Müller grade")).to_have_value("3")
    wait_until_htmx_settled(page)
    expect(result).to_contain_text("grade 3, CSS total 4,")
    assert page.console_errors == [], "the page runs under its CSP without errors"


def test_a_mistake_is_shown_beside_its_field(page, practitioner):
    log_in(page)
    page.goto("/plan/estimate/")

    page.get_by_label("or CSS total (0–15)").fill("16")

    expect(page.locator("#id_css_total-errors")).to_contain_text("CSS total")
    expect(page.get_by_label("or CSS total (0–15)")).to_have_attribute(
        "aria-describedby", "id_css_total-errors"
    )
    expect(page.locator("#estimate-result")).to_contain_text("Fix the fields")

    page.get_by_label("or CSS total (0–15)").fill("4")
    expect(page.locator("#estimate-result")).to_contain_text("CSS total 4")
    expect(page.locator("#id_css_total-errors")).to_be_empty()
