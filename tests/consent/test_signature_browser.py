"""In Chromium, under the strict CSP: a screening with a stop refuses a course with the
reason shown, and a consent is signed with a signature drawn on the canvas."""

import re

import pytest
from playwright.sync_api import expect

from mesoclinic.consent.models import SignedConsent
from tests.browser_steps import answer_no_to_every_question, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stop_refuses_a_course_and_a_drawn_consent_is_signed(page, practitioner, patient):
    log_in(page)
    page.goto(f"/patients/{patient.id}/")
    page.get_by_role("link", name="Screening and course readiness").click()
    page.get_by_role("link", name="New screening").click()
    answer_no_to_every_question(page, "New screening", "fieldset")
    page.get_by_role("group", name=re.compile("^Pregnant")).get_by_label("Yes").check()
    page.get_by_role("button", name="Save screening").click()
    expect(page.get_by_role("heading", name=re.compile("Stops: no course"))).to_be_visible()

    page.get_by_role("link", name="All screenings and course readiness").click()
    page.get_by_role("button", name="Start a course").click()
    expect(page.get_by_role("heading", name=re.compile("The course cannot start"))).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Screening stop: Pregnant.")

    page.goto(f"/patients/{patient.id}/consent/sign/")
    page.get_by_label("Expected number of sessions").fill("10–15")
    page.get_by_label("Cost of the course").fill("£900")
    page.get_by_label("The patient has read this form").check()
    page.get_by_label("Patient's full name").fill("Ada Lovelace")
    canvas = page.get_by_role("img", name="Signature box")
    expect(canvas).to_be_hidden()
    page.get_by_label("Drawn").check()
    expect(canvas).to_be_visible()
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 25, box["y"] + box["height"] * (0.7 - 0.04 * step))
    page.mouse.up()
    page.get_by_role("button", name="Record the signed consent").click()

    expect(page.get_by_role("img", name=re.compile("Drawn signature"))).to_be_visible()
    consent = SignedConsent.objects.get()
    assert consent.signature_kind == "drawn"
    assert bytes(consent.signature_png).startswith(b"\x89PNG")
    assert page.console_errors == [], "the pages run under their CSP without errors"
