"""Photos in Chromium: a photo in one pose at the first assessment, the pose guide (the
baseline drawn faintly on a canvas) on the next assessment's upload form, a second photo,
then the comparison side by side and as an overlay whose slider changes the later photo's
opacity, with the keyboard, at tablet and at phone width."""

import io
import threading
from datetime import timedelta

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from mesoclinic.clinics.clock import clinic_today
from tests.browser_steps import log_in
from tests.courses.conftest import assess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _one_request_at_a_time(plain_http_live_server_settings, live_server, monkeypatch):
    """Every photo read writes an audit row, and these pages load two or three photos at
    once. The test database is SQLite in memory, shared by the live server's threads, which
    refuses a second write transaction at once ("table is locked") where the clinic's
    SQLite file waits its turn; so the live server answers one request at a time here."""
    server = live_server.thread.httpd
    application = server.get_app()
    lock = threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            return application(environ, start_response)

    monkeypatch.setattr(server, "application", one_at_a_time)


RED, BLUE = (160, 90, 70), (90, 110, 170)


def photo(colour: tuple[int, int, int]) -> dict[str, object]:
    image = Image.new("RGB", (120, 160), (235, 225, 215))
    ImageDraw.Draw(image).rectangle((30, 20, 90, 150), fill=colour)
    data = io.BytesIO()
    image.save(data, "JPEG")
    return {"name": "shot.jpg", "mimeType": "image/jpeg", "buffer": data.getvalue()}


def choose(page: Page, colour: tuple[int, int, int]) -> None:
    page.get_by_label("Pose", exact=True).select_option("back_relaxed")
    page.get_by_label("Photo", exact=True).set_input_files(photo(colour))


def centre_of(canvas) -> tuple[int, int, int]:
    return tuple(
        canvas.evaluate(
            "c => Array.from(c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1)"
            ".data.slice(0, 3))"
        )
    )


def centre_of_screenshot(element) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(element.screenshot())) as shot:
        return shot.convert("RGB").getpixel((shot.width // 2, shot.height // 2))


def blend(under, over, opacity: float) -> tuple[float, ...]:
    return tuple(u * (1 - opacity) + o * opacity for u, o in zip(under, over, strict=True))


def send(page: Page) -> None:
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_role("status")).to_contain_text("Photo added.")


def test_photos_in_one_pose_compared_side_by_side_and_as_an_overlay(
    page, practitioner, patient, riverside
):
    today = clinic_today(riverside)
    first = assess(patient, practitioner, on=today - timedelta(days=42))
    second = assess(patient, practitioner, on=today, kind="follow_up")

    log_in(page)
    page.goto(f"/assessments/{first.id}/")
    # No baseline yet for this patient: no guide, a plain upload.
    expect(page.locator("[data-pose-guide]")).to_have_count(0)
    choose(page, RED)
    send(page)

    page.goto(f"/assessments/{second.id}/")
    canvas = page.locator("[data-pose-guide-canvas]")
    # Shown once someone starts adding a photo (the baseline read is audited).
    expect(canvas).to_be_hidden()
    page.get_by_label("Pose", exact=True).focus()
    expect(canvas).to_be_visible()
    expect(page.get_by_label("Baseline opacity")).to_have_value("35")
    # A pose without a baseline hides the guide; back to the pose that has one shows it.
    page.get_by_label("Pose", exact=True).select_option("left_side")
    expect(canvas).to_be_hidden()
    page.get_by_label("Pose", exact=True).select_option("back_relaxed")
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("data-showing", "baseline")
    ghost_alone = centre_of(canvas)
    choose(page, BLUE)
    expect(canvas).to_have_attribute("data-showing", "photo baseline")
    # The new photo under the faint baseline: the centre now mixes both colours.
    assert centre_of(canvas) != ghost_alone
    page.get_by_label("Baseline opacity").fill("0")
    assert centre_of(canvas) == pytest.approx(BLUE, abs=12)
    send(page)

    page.goto(f"/patients/{patient.id}/assessments/")
    page.get_by_role("link", name="Compare photos").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compare photos")
    section = page.locator("[data-compare]")
    figures = section.locator("figure")
    expect(figures).to_have_count(2)
    expect(figures.nth(0)).to_contain_text(f"{first.assessed_on:%-d %b %Y} · Initial assessment")
    expect(figures.nth(1)).to_contain_text(f"{second.assessed_on:%-d %b %Y} · Follow-up assessment")
    earlier, later = figures.nth(0).locator("img"), figures.nth(1).locator("img")
    expect(later).to_have_js_property("complete", True)
    side_by_side = (earlier.bounding_box(), later.bounding_box())
    assert side_by_side[0]["width"] == side_by_side[1]["width"]
    assert side_by_side[0]["height"] == side_by_side[1]["height"]
    assert side_by_side[1]["x"] > side_by_side[0]["x"]

    # Overlay, with the keyboard: the radio is reached and chosen, the slider moved.
    slider = page.get_by_label("Later photo's opacity")
    expect(slider).to_be_hidden()
    overlay = page.get_by_label("Overlay")
    overlay.focus()
    page.keyboard.press("Space")
    expect(overlay).to_be_checked()
    expect(slider).to_be_visible()
    assert later.evaluate("image => getComputedStyle(image).opacity") == "0.5"
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    expect(slider).to_have_value("47")
    assert later.evaluate("image => getComputedStyle(image).opacity") == "0.47"
    stacked = (earlier.bounding_box(), later.bounding_box())
    assert stacked[0] == stacked[1]
    # Both photos show: the centre is the earlier photo's red under the later one's blue.
    assert centre_of_screenshot(later) == pytest.approx(blend(RED, BLUE, 0.47), abs=12)

    # At a phone's width the pair still fits the screen, same size, nothing scrolls sideways.
    page.get_by_label("Side by side").check()
    page.set_viewport_size({"width": 390, "height": 844})
    narrow = (earlier.bounding_box(), later.bounding_box())
    assert narrow[0]["width"] == narrow[1]["width"]
    assert narrow[1]["x"] + narrow[1]["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert later.evaluate("image => getComputedStyle(image).opacity") == "1"
    assert page.console_errors == [], page.console_errors
