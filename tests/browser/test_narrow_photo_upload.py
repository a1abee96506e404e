# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""At a phone's width (390 px), where photos are taken, the assessment's photo chooser fits
the screen: its button and the chosen file's name never reach past the right edge."""

import pytest

from tests.assessments.conftest import _media_in_tmp, assessment  # noqa: F401
from tests.browser.test_narrow_pages import PHONE
from tests.browser_steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_photo_chooser_fits_a_phone(page, assessment):
    page.set_viewport_size(PHONE)
    log_in(page)
    page.goto(f"/assessments/{assessment.id}/")

    chooser = page.locator("main input[type='file']")
    box = chooser.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
