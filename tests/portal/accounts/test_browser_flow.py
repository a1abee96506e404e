"""In Chromium on a phone: the invitation email arrives, she sets her password from its link
and lands on her home; her account page and the sign-in pages fit the phone and a tablet."""

import pytest
from playwright.sync_api import Page, expect

from mesoclinic.portal.accounts.services import account_invite
from mesoclinic.portal.models import settings_for
from tests.browser_steps import log_in
from tests.conftest import actor
from tests.portal.accounts.conftest import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
PASSWORD = "a-sound-phone-password-3"


def fits(page: Page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_from_the_invitation_email_to_her_home_on_a_phone(
    page, patient, front_desk, smtp_server, run_queue
):
    account_invite(actor=actor(front_desk), patient_id=patient.id, email="ada@example.org")
    run_queue()
    path = link_in(smtp_server.wait_for(1)[0], "/portal/welcome/")
    page.set_viewport_size(PHONE)

    page.goto(path)
    assert fits(page, PHONE["width"])
    page.get_by_label("Choose a password").fill("short")
    page.get_by_label("Type it again").fill("short")
    page.get_by_role("button", name="Set my password").click()
    expect(page.locator(".field-error").first).to_contain_text("too short")

    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type it again").fill(PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", name="Hello, Ada")).to_be_visible()
    expect(page.locator(".page-zone")).to_contain_text("Europe/London")

    for size in (PHONE, TABLET):
        page.set_viewport_size(size)
        page.goto("/portal/account/")
        expect(page.get_by_text("ada@example.org")).to_be_visible()
        expect(page.get_by_label("Current password")).to_be_visible()
        assert fits(page, size["width"])


def test_the_sign_in_pages_fit_a_phone_and_offer_a_link_by_email(page, ada_account):
    page.set_viewport_size(PHONE)
    page.goto("/portal/sign-in/")
    assert fits(page, PHONE["width"])
    page.get_by_role("link", name="Email me a sign-in link").click()
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert fits(page, PHONE["width"])


def test_the_desk_invites_and_the_admin_sets_the_portal_on_a_tablet(
    page, patient, clinic_admin, practitioner, riverside
):
    log_in(page, "riverside.admin")
    page.goto(f"/patients/{patient.id}/")
    expect(page.get_by_label("Email she will sign in with")).to_have_value("ada@example.org")
    page.get_by_role("button", name="Invite to the portal").click()
    expect(page.get_by_text("Portal invitation sent to ada@example.org.")).to_be_visible()

    page.goto(f"/clinic/{riverside.id}/")
    page.get_by_role("link", name="Patient portal").click()
    expect(page.get_by_label("Patients may book online")).to_be_visible()  # the new page
    assert fits(page, TABLET["width"])
    page.get_by_label("Patients may book online").check()
    page.get_by_label("riverside.practitioner").check()
    page.get_by_label("How far ahead patients may book (days)").fill("800")
    page.get_by_role("button", name="Save portal settings").click()
    expect(page.locator(".field-error")).to_contain_text("Between 1 and 730 days")
    expect(page.get_by_label("Patients may book online")).to_be_checked()  # nothing lost

    page.get_by_label("How far ahead patients may book (days)").fill("60")
    page.get_by_role("button", name="Save portal settings").click()
    expect(page.get_by_text("Portal settings saved.")).to_be_visible()
    assert list(settings_for(riverside.id).online_practitioners.all()) == [practitioner]
