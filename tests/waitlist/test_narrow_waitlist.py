"""The waitlist on a phone (390 px): she asks for an earlier time, the offer's link moves
her session, and the desk's page keeps every column in view, on a phone and a tablet."""

import re

import pytest
from playwright.sync_api import Page, expect

from mesoclinic.appointments.models import Appointment
from mesoclinic.messaging.models import Message
from tests.browser_steps import log_in
from tests.conftest import PASSWORD
from tests.portal.conftest import PASSWORD as PORTAL_PASSWORD
from tests.waitlist.conftest import cancel, put_on_waitlist, sent_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
OUTSIDE = """() => [...document.querySelectorAll('main td, main th, main p, main label')]
  .filter(e => {
    const head = e.closest('thead');
    if (head && getComputedStyle(head).position === 'absolute') return false;
    const box = e.getBoundingClientRect();
    return box.width > 0 && (box.left < 0 || box.right > window.innerWidth);
  })
  .map(e => e.textContent.trim().slice(0, 40))"""


def assert_fits(page: Page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    assert page.evaluate(OUTSIDE) == [], page.url


def test_on_a_phone_she_asks_for_an_earlier_time_and_takes_the_one_offered(
    page, ada_account, ada_rows, mary_rows, online, front_desk, run_queue
):
    page.set_viewport_size(PHONE)
    page.goto("/portal/sign-in/")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PORTAL_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"/portal/waitlist/new/?appointment={ada_rows[0].id}")
    assert_fits(page)
    page.get_by_label("Wednesday").check()
    page.get_by_role("button", name="Put me on the waitlist").click()
    expect(page.get_by_role("heading", name="Earlier times")).to_be_visible()
    expect(
        page.get_by_text("You asked for: Wednesday; any time; anyone.", exact=False)
    ).to_be_visible()
    assert_fits(page)

    cancel(mary_rows[0], front_desk)
    run_queue()
    text = sent_text(Message.objects.get(kind="waitlist_offer"))
    path = re.search(r"https://clinic\.example(/portal/waitlist/offers/[\w-]+/)", text).group(1)
    page.goto(path)
    assert_fits(page)
    page.get_by_role("button", name="Take this time").click()

    expect(page.get_by_role("heading", name="Your session has moved")).to_be_visible()
    assert Appointment.objects.get(pk=ada_rows[0].pk).starts_at == mary_rows[0].starts_at


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1024, "height": 768}])
def test_the_desks_waitlist_keeps_every_column_in_view(
    page, viewport, ada_rows, mary_rows, front_desk, run_queue
):
    front_desk.set_password(PASSWORD)
    front_desk.save()
    put_on_waitlist(ada_rows[0], front_desk)
    put_on_waitlist(ada_rows[3], front_desk, weekdays=frozenset({0, 4}), part_of_day="morning")
    cancel(mary_rows[0], front_desk)
    run_queue()
    page.set_viewport_size(viewport)
    log_in(page, front_desk.username)

    if viewport == PHONE:
        page.goto("/waitlist/")  # the menu is folded on a phone
    else:
        page.get_by_role("link", name="Waitlist").first.click()

    expect(page.get_by_role("heading", name="Waitlist: Riverside")).to_be_visible()
    expect(page.get_by_text("Ada Lovelace: Offered")).to_be_visible()
    assert_fits(page)
