"""Reassessing a course in Chromium: the course page says a reassessment is due after the
fifth session, the form comes with the baseline's areas and landmark already there, and
once signed the reassessment is listed on the course page, which then names the next
point, and the course's progress chart has one more point."""

import re

import pytest
from playwright.sync_api import expect

from mesoclinic.clinics.clock import clinic_today
from tests.assessments.reassess_helpers import LANDMARK, course_with_sessions
from tests.browser_steps import log_in
from tests.screening.conftest import screen, sign_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reassess_a_course_due_after_five_sessions(page, practitioner, patient, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    screen(patient, practitioner)
    sign_consent(patient, practitioner)
    course = course_with_sessions(patient, practitioner, 5)
    today = clinic_today(course.clinic)

    log_in(page)
    page.goto(f"/courses/{course.id}/progress/")
    points_before = _css_chart_points(page)

    page.goto(f"/courses/{course.id}/")
    expect(page.locator(".reassessment-due")).to_have_text(
        re.compile("Reassessment due: 5 sessions done")
    )
    page.get_by_role("link", name="Reassess", exact=True).click()

    expect(page.get_by_role("heading", name="Reassessment", level=1)).to_be_visible()
    blocks = page.locator("section.reassess-area")
    expect(blocks).to_have_count(2)
    left = blocks.filter(has_text="Thighs, left")
    right = blocks.filter(has_text="Thighs, right")
    expect(left.locator(".landmark-fixed")).to_contain_text(LANDMARK)
    expect(page.locator(".baseline-poses li")).to_have_count(2)

    page.get_by_label("Patient's satisfaction with the result so far").select_option("4")
    page.get_by_label("Patient's own GAIS: the change as she sees it").select_option("3")
    for block in (left, right):
        block.get_by_label("Nürnberger–Müller grade").select_option("2")
    for item in ("A", "B", "C", "D"):
        left.get_by_label(re.compile(f"^CSS {item}:")).select_option("1")
    left.get_by_label("Circumference (cm)").fill("57.0")
    # The clinician's GAIS is required: leaving it out on one area is refused beside it.
    left.get_by_label("Clinician's GAIS against the baseline").select_option("3")
    page.get_by_role("button", name="Save reassessment").click()
    expect(right).to_contain_text("Give the clinician's GAIS for Thighs, right")

    page.locator("section.reassess-area", has_text="Thighs, right").get_by_label(
        "Clinician's GAIS against the baseline"
    ).select_option("3")
    page.get_by_role("button", name="Save reassessment").click()
    expect(page.get_by_role("heading", name="Reassessment of a course")).to_be_visible()
    expect(page.locator(".patient-satisfaction")).to_have_text("4: satisfied")
    page.get_by_role("button", name="Sign assessment").click()
    expect(page.get_by_text("Assessment signed.")).to_be_visible()

    page.get_by_role("link", name=re.compile("^course from")).click()
    section = page.locator(".course-reassessment")
    expect(section).to_contain_text("Next reassessment at session 10.")
    row = section.locator("table.reassessment-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(today.isoformat())
    expect(row).to_contain_text("Signed")
    page.get_by_role("link", name="Progress: measures and charts").click()
    expect(_css_chart(page).locator("circle")).to_have_count(points_before + 1)
    expect(page.locator("table.chart-numbers").first).to_contain_text(today.isoformat())

    # The refused save answers 422, which the browser reports; nothing else may.
    assert [e for e in page.console_errors if "status of 422" not in e] == []


def _css_chart(page):
    """The index area's CSS total chart on the progress page."""
    chart = page.get_by_role("img", name=re.compile(r"^CSS total .*Thighs, left"))
    expect(chart).to_be_visible()
    return chart


def _css_chart_points(page) -> int:
    return _css_chart(page).locator("circle").count()
