"""In Chromium, on a phone and a tablet: she reports a bruise with a photo, is shown what to
fix when she leaves a field out, sees her report waiting for the clinic, and the
practitioner finds it heading the follow-up list, marked as hers. Every page fits the
screen with no sideways scrolling."""

import pytest
from playwright.sync_api import Page, expect

from mesoclinic.clinics.clock import clinic_today
from tests.browser_steps import log_in
from tests.portal.conftest import PASSWORD
from tests.portal.side_effects.conftest import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _fits(page: Page) -> None:
    assert page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("width", [390, 1024])
def test_she_reports_a_bruise_and_the_practitioner_sees_it_on_the_follow_up_list(
    page, held, ada_account, patient, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/portal/sign-in/")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#main").get_by_role("link", name="Report a side effect").click()
    expect(page.get_by_role("heading", name="Report a side effect", level=1)).to_be_visible()
    _fits(page)

    page.get_by_label("A bruise").check()
    page.get_by_label("When did it start?").fill(clinic_today(patient.clinic).isoformat())
    page.get_by_role("button", name="Send to the clinic").click()
    expect(page.get_by_text("Please check the answers marked below")).to_be_visible()
    expect(page.get_by_label("A bruise")).to_be_checked()
    _fits(page)

    page.get_by_label("Tell us about it").fill("A bruise on my left thigh, not going away")
    photo = jpeg()
    page.get_by_label("A photo (optional)").set_input_files(
        {"name": "bruise.jpg", "mimeType": "image/jpeg", "buffer": photo.read()}
    )
    page.get_by_role("button", name="Send to the clinic").click()
    expect(page.get_by_text("Sent: waiting for the clinic to look at it")).to_be_visible()
    expect(page.get_by_role("link", name="Photo 1")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="All your reports").click()
    expect(page.get_by_role("heading", name="Side effects you reported")).to_be_visible()
    _fits(page)
    # The refused form answers 422, which Chromium logs; nothing else may be logged.
    assert [e for e in page.console_errors if "422" not in e] == []

    page.context.clear_cookies()
    log_in(page)
    page.goto(f"/clinics/{patient.clinic_id}/adverse-events/follow-up/")
    expect(page.get_by_text("reported by the patient, awaiting review")).to_be_visible()
    page.get_by_role("link", name=clinic_today(patient.clinic).isoformat()).click()
    expect(page.get_by_role("heading", name="Reported by the patient")).to_be_visible()
    expect(page.get_by_role("img", name="Photo 1 sent with the report")).to_be_visible()
    _fits(page)
