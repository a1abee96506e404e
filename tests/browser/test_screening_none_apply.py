"""One tick answers every screening question "No" on the page, and a "Yes" unticks it."""

import pytest
from playwright.sync_api import expect

from mesoclinic.screening.models import Screening
from tests.browser_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_none_of_these_apply_answers_no_on_the_page_and_saves_each_item(
    page, practitioner, patient
):
    log_in(page)
    page.goto(f"/patients/{patient.id}/screening/new/")
    noes = page.locator('.screening-item input[type="radio"][value="no"]')
    expect(noes.first).to_be_visible()

    page.get_by_label("None of these apply").check()
    for radio in noes.all():
        expect(radio).to_be_checked()
    page.get_by_role("group", name="Diabetes").get_by_label("Yes", exact=True).check()
    expect(page.get_by_label("None of these apply")).not_to_be_checked()
    page.get_by_role("group", name="Diabetes").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save screening").click()

    expect(page.get_by_role("status")).to_contain_text("Screening saved.")
    assert Screening.objects.get().answers.filter(answer=True).count() == 0
    assert page.console_errors == []
