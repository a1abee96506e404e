"""Before the first visit in Chromium, on a phone and a tablet: she answers the health
questions with a caution, then reads the consent form and signs it, drawing her signature
with a finger; every page fits the screen with no sideways scrolling."""

import pytest
from playwright.sync_api import Page, expect

from tests.portal.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _fits(page: Page) -> None:
    assert page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("width", [390, 1024])
def test_she_answers_her_health_questions_and_signs_consent(page, ada_account, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/portal/sign-in/")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Ada", level=1)).to_be_visible()
    _fits(page)

    page.locator("#main").get_by_role("link", name="Health questions").click()
    expect(page.get_by_role("heading", name="Health questions", level=1)).to_be_visible()
    _fits(page)
    # Sent with nothing answered: refused, with what to fix.
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Some questions still need an answer")).to_be_visible()
    for group in page.locator("fieldset").all():
        group.get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Do you take a medicine that thins the blood").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("your answers have been sent to the clinic")).to_be_visible()
    expect(page.get_by_text("The clinic will call you")).to_have_count(0)

    page.goto("/portal/")
    page.locator("#main").get_by_role("link", name="Consent").click()
    expect(page.get_by_text("What the evidence says")).to_be_visible()
    _fits(page)
    page.get_by_label("I have read the whole form above").check()
    page.get_by_label("Your full name").fill("ada lovelace")
    page.get_by_label("I will also draw my signature").check()
    box = page.get_by_role("img", name="Signature box").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 10, steps=8)
    page.mouse.move(box["x"] + box["width"] - 20, box["y"] + 20, steps=8)
    page.mouse.up()
    page.get_by_role("button", name="Sign the consent form").click()
    expect(page.get_by_role("heading", name="You have signed this form")).to_be_visible()
    expect(page.get_by_role("img", name="Your drawn signature")).to_be_visible()
    _fits(page)
    assert page.console_errors == []
