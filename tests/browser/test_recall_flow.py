"""Recalls in Chromium: the desk follows the day list's count to the recall list, finds
the overdue recall, records an unanswered call with a note, and sees the next try on the
list; a patient who does not allow contact is marked and her call controls are disabled.
At phone width the list stacks, each value beside its column's name."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.recall import NO_ANSWER_RETRY_DAYS
from tests.browser_steps import log_in
from tests.recalls.conftest import YEAR, completed_preventive, make_patient, recall_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ada_overdue(patient, practitioner):
    """Ada's recall, its day 10 days past."""
    return recall_of(completed_preventive(patient, practitioner, session_days_ago=YEAR + 10))


@pytest.fixture
def emmy_no_contact(riverside, practitioner):
    """Emmy's recall, due in 2 days; she has not agreed to be contacted."""
    emmy = make_patient(riverside, practitioner, "Emmy", "Noether", may_contact=False)
    return recall_of(completed_preventive(emmy, practitioner, session_days_ago=YEAR - 2))


def test_the_desk_finds_an_overdue_recall_and_records_a_call(
    page, front_desk, ada_overdue, emmy_no_contact
):
    today = clinic_today(ada_overdue.clinic)
    log_in(page, "riverside.frontdesk")
    expect(page.get_by_text("1 maintenance recall to call, and 1 not to contact.")).to_be_visible()
    page.get_by_role("link", name="Open the recall list").click()
    expect(page.get_by_role("heading", name="Recalls: Riverside")).to_be_visible()

    emmy = page.get_by_role("row", name=re.compile("Emmy Noether"))
    expect(emmy).to_contain_text("do not contact")
    expect(emmy.get_by_role("link", name="Record a call")).to_have_count(0)

    ada = page.get_by_role("row", name=re.compile("Ada Lovelace"))
    expect(ada).to_contain_text("07700 900123")
    expect(ada).to_contain_text((today - timedelta(days=10)).isoformat())
    ada.get_by_role("link", name="Record a call").click()

    expect(page.get_by_role("heading", name="Recall: Ada Lovelace")).to_be_visible()
    page.get_by_label("No answer, message left").check()
    page.get_by_label("Note (optional)").fill("Voicemail: asked her to ring back")
    page.get_by_role("button", name="Save the call").click()

    expect(page.get_by_role("status")).to_contain_text("Call recorded.")
    retry = today + timedelta(days=NO_ANSWER_RETRY_DAYS)
    ada = page.get_by_role("row", name=re.compile("Ada Lovelace"))
    expect(ada).to_contain_text(f"next try {retry.day} {retry:%b}")
    expect(ada).to_contain_text("10 days")  # still overdue from its due date
    expect(ada).to_contain_text("No answer, message left")


def test_a_do_not_contact_patients_call_form_is_disabled_with_the_reason(
    page, front_desk, emmy_no_contact
):
    log_in(page, "riverside.frontdesk")
    page.goto(f"/recalls/{emmy_no_contact.id}/")

    expect(page.get_by_text("has not agreed to be contacted").first).to_be_visible()
    expect(page.get_by_role("button", name="Save the call")).to_be_disabled()


def test_the_recall_list_stacks_at_phone_width(page, front_desk, ada_overdue):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "riverside.frontdesk")
    page.goto(f"/clinics/{ada_overdue.clinic_id}/recalls/")

    phone = page.locator('td[data-label="Phone, email"]').first
    expect(phone).to_contain_text("07700 900123")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


# The right edge of every element of each recall table, against its card's inner right edge.
OVERFLOW = """() => [...document.querySelectorAll('.card table.recall-table')].flatMap(table => {
  const card = table.closest('.card');
  const edge = card.getBoundingClientRect().right - parseFloat(getComputedStyle(card).paddingRight);
  return [table, ...table.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > edge + 0.5)
    .map(el => el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40));
})"""


@pytest.mark.parametrize("width", [1024, 390])
def test_the_recall_tables_fit_their_cards_on_a_tablet_and_a_phone(
    page, front_desk, ada_overdue, emmy_no_contact, width
):
    ada = ada_overdue.patient
    ada.email = "ada.augusta.king.countess.of.lovelace@analytical-engine.example.org"
    ada.save(update_fields=["email"])
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "riverside.frontdesk")
    page.goto(f"/clinics/{ada_overdue.clinic_id}/recalls/")

    expect(page.get_by_role("link", name="Record a call")).to_be_visible()
    expect(page.get_by_text("have not agreed to be contacted")).to_be_visible()
    assert page.evaluate(OVERFLOW) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
