# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""At a phone's width (390 px) the identity banner keeps the patient's name and birth date
in view and readable: a long name wraps, the birth date drops below it, and nothing
scrolls sideways."""

from datetime import time

import pytest
from playwright.sync_api import Page, expect

from mesoclinic.patients.models import Patient
from tests.appointments.booking_helpers import book_today
from tests.browser_steps import log_in
from tests.courses.conftest import active, course, grade_two, ready  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_NAME = ("María Fernanda Guadalupe", "Castellanos-Villavicencio de la Cruz")


def assert_banner_fits_and_reads(page: Page, path: str) -> None:
    page.goto(path)
    banner = page.locator("main .identity")
    name, born = banner.locator(".identity-name"), banner.locator(".identity-born")
    expect(name).to_have_text(" ".join(LONG_NAME))
    expect(born).to_contain_text("born 10 Dec 1985 (age ")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    for part in (banner, name, born):
        box = part.bounding_box()
        assert box is not None
        assert box["x"] >= 0, path
        assert box["x"] + box["width"] <= PHONE["width"], path
    name_box, born_box = name.bounding_box(), born.bounding_box()
    assert name_box is not None
    assert born_box is not None
    assert born_box["y"] >= name_box["y"] + name_box["height"] - 1, "the birth date wraps below"
    size = name.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 17, f"the name is {size}px"


def test_on_a_phone_the_banner_wraps_and_keeps_both_identifiers_in_view(
    page, active, patient, practitioner, front_desk
):
    Patient.objects.filter(pk=patient.pk).update(given_name=LONG_NAME[0], family_name=LONG_NAME[1])
    row = book_today(active, practitioner, at=time(0, 1), booked_by=front_desk)
    page.set_viewport_size(PHONE)
    log_in(page)

    assert_banner_fits_and_reads(page, f"/courses/{active.id}/chart/")
    assert_banner_fits_and_reads(page, f"/appointments/{row.id}/")
