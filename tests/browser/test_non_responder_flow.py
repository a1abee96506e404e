"""A flat course in Chromium: the flag on the course page, the progress page with its
charts at tablet and phone widths, the decision recorded, and the flag gone."""

import pytest
from playwright.sync_api import expect

from tests.browser_steps import log_in
from tests.progress.conftest import caffeine, caffeine_lot, flat, ready  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}

# The smallest text drawn in any chart, in CSS pixels on screen: each text's font size in
# the chart's own units times the scale the chart is drawn at.
SMALLEST_CHART_TEXT = """() => Math.min(
  ...[...document.querySelectorAll('.progress-chart svg text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"""


def test_the_flag_on_a_flat_course_clears_with_the_practitioners_decision(page, flat):  # noqa: F811
    log_in(page)
    page.goto(f"/courses/{flat.id}/")
    review = page.get_by_role("region", name="Review of change")
    expect(review).to_contain_text("Decision needed. No change on the index area")

    page.get_by_role("link", name="Progress: measures and charts").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress of the course")
    expect(page.get_by_text("CSS total 8 → 8, no change after 6 sessions")).to_be_visible()
    chart = page.get_by_role("img", name="CSS total (0–15), Thighs, left: 8 on", exact=False)
    expect(chart.first).to_be_visible()
    page.get_by_text("Numbers of this chart").first.click()
    expect(page.locator("table.chart-numbers").first).to_be_visible()

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The chart's frame stays inside the screen; the chart scrolls within it.
    right = "document.querySelector('.progress-chart .chart-scroll').getBoundingClientRect().right"
    assert page.evaluate(right) <= 390
    page.set_viewport_size(TABLET)

    page.goto(f"/courses/{flat.id}/")
    # Sent empty, the form comes back on the course page with the errors beside its fields.
    page.get_by_role("button", name="Record the decision").click()
    expect(page).not_to_have_title("Progress")
    expect(page.get_by_role("region", name="Review of change")).to_contain_text(
        "This field is required."
    )
    page.get_by_label("Continue the course as planned").check()
    page.get_by_label("Reason for the decision").fill("Two more sessions agreed with the patient.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    review = page.get_by_role("region", name="Review of change")
    expect(review).not_to_contain_text("Decision needed. No change on the index area")
    expect(review).to_contain_text("Two more sessions agreed with the patient.")

    # On a phone the decisions stack, each value beside its column's name, inside the card.
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (f"/courses/{flat.id}/", f"/courses/{flat.id}/progress/"):
        page.goto(url)
        reason = page.locator('table.decisions td[data-label="Reason"]')
        expect(reason).to_contain_text("Two more sessions agreed with the patient.")
        assert page.evaluate(DECISIONS_FIT), url
    # The refused submit answers 422, which the browser reports; nothing else may.
    assert [e for e in page.console_errors if "status of 422" not in e] == []


DECISIONS_FIT = """() => {
  const table = document.querySelector('table.decisions');
  const card = table.closest('.card');
  return table.scrollWidth <= table.clientWidth
    && table.getBoundingClientRect().right <= card.getBoundingClientRect().right
    && card.scrollWidth <= card.clientWidth;
}"""


def test_chart_text_stays_readable_and_the_page_never_scrolls_sideways(page, flat):  # noqa: F811
    log_in(page)
    for size in (PHONE, TABLET):
        page.set_viewport_size(size)
        page.goto(f"/courses/{flat.id}/progress/")
        expect(page.locator(".progress-chart svg").first).to_be_visible()
        assert page.evaluate(SMALLEST_CHART_TEXT) >= 11, size
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), size
    # On the phone the hint says the chart scrolls, and its frame does scroll.
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_text("swipe a chart sideways")).to_be_visible()
    frame = page.locator(".progress-chart .chart-scroll").first
    assert frame.evaluate("f => f.scrollWidth > f.clientWidth")
    page.set_viewport_size(TABLET)
    expect(page.get_by_text("swipe a chart sideways")).to_be_hidden()
