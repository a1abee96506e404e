"""Steps the browser tests share. Each waits for the page it acts on: a locator counted
while the previous page is still showing counts that page's elements, not the new one's."""

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def log_in(page: Page, username: str = "riverside.practitioner") -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def answer_no_to_every_question(page: Page, heading: str, questions: str) -> None:
    """On the page titled `heading`, answers "No" in every fieldset matched by `questions`."""
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    found = page.locator(questions)
    expect(found.first).to_be_visible()
    for question in found.all():
        question.get_by_label("No", exact=True).check()
