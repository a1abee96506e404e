"""At a phone's width (390 px), a reassessment saved with several things wrong shows the
summary at the top of the form and each error right under its own field, inside the
viewport; a link of the summary takes the user to the field."""

import re

import pytest
from playwright.sync_api import expect

from tests.assessments.reassess_helpers import course_with_sessions
from tests.browser_steps import log_in
from tests.screening.conftest import screen, sign_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each field error with the field it belongs to: its input sits in the same .field box,
# just above it, and both lie inside the viewport.
PLACES = """() => [...document.querySelectorAll('main .field .field-error')].map(e => {
  const field = e.closest('.field');
  const input = field.querySelector('input, select, textarea');
  const box = e.getBoundingClientRect(), at = input.getBoundingClientRect();
  return {id: input.id, below: box.top >= at.bottom - 1 && box.top - at.bottom < 40,
          inside: box.left >= 0 && box.right <= window.innerWidth};
})"""


def test_every_error_sits_under_its_field_and_the_summary_on_top_at_390px(
    page, practitioner, patient
):
    screen(patient, practitioner)
    sign_consent(patient, practitioner)
    course = course_with_sessions(patient, practitioner, 5)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page)
    page.goto(f"/courses/{course.id}/reassess/")
    page.get_by_label("Date assessed").fill("")
    page.get_by_label("Weight (kg)").fill("-5")
    left = page.locator("section.reassess-area", has_text="Thighs, left")
    left.get_by_label("Circumference (cm)").fill("999")
    page.get_by_role("button", name="Save reassessment").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    # Date, weight, circumference, and the grade and GAIS of both areas: seven at once.
    expect(summary.locator("li")).to_have_count(7)
    first_field = page.locator("main form .field").first
    assert summary.bounding_box()["y"] < first_field.bounding_box()["y"]
    places = page.evaluate(PLACES)
    assert {place["id"] for place in places} == {
        "id_assessed_on",
        "id_weight_kg",
        "id_thighs-left-circumference_cm",
        "id_thighs-left-nm_grade",
        "id_thighs-left-gais",
        "id_thighs-right-nm_grade",
        "id_thighs-right-gais",
    }
    assert all(place["below"] and place["inside"] for place in places), places

    summary.get_by_role("link", name="Thighs, right, Clinician's GAIS").click()
    expect(page).to_have_url(re.compile("#id_thighs-right-gais$"))
    # The refused save answers 422, which the browser reports; nothing else may.
    assert [e for e in page.console_errors if "status of 422" not in e] == []
