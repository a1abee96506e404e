"""The treatment itself, in Chromium: a course planned from the assessment, a session
charted with two products (an expired lot is refused with its reason first), a bruise
recorded, the bruise on the follow-up list once the clock has moved 11 days, the lot
recalled, and the recall report listing this patient."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mesoclinic.clinics.clock import clinic_today
from mesoclinic.formulary.models import Lot
from tests.browser_steps import answer_no_to_every_question, log_in
from tests.courses.conftest import assess
from tests.formulary.conftest import make_product, receive
from tests.screening.conftest import screen, sign_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_course_chart_bruise_follow_up_recall(
    page, practitioner, clinic_admin, patient, riverside, monkeypatch
):
    today = clinic_today(riverside)
    screen(patient, practitioner)
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2, (2, 2, 1, 1))
    caffeine = make_product(clinic_admin, riverside)
    silicon = make_product(
        clinic_admin, riverside, name="Organic silicon 0.5%", limit="4", unit_ml="2"
    )
    caffeine_lot = receive(practitioner, caffeine, number="CAF-1", units=2)
    silicon_lot = receive(practitioner, silicon, number="SIL-1", units=3)
    old = receive(practitioner, caffeine, number="CAF-OLD", units=1)
    Lot.objects.filter(pk=old.pk).update(expiry_date=today - timedelta(days=2))

    log_in(page)
    page.goto(f"/patients/{patient.id}/courses/")
    page.get_by_role("link", name="New course").click()
    page.get_by_role("button", name="Plan this course").click()
    page.get_by_role("button", name="Start the course").click()
    expect(page.get_by_role("heading", name="Course")).to_contain_text("Active")

    page.get_by_role("link", name="Chart a session").click()
    answer_no_to_every_question(
        page, "Chart session 1", "fieldset fieldset, fieldset .field fieldset"
    )
    page.get_by_label("Thighs, left").check()
    page.get_by_label("Thighs, right").check()
    page.get_by_label("Depth (mm)").fill("3")
    page.get_by_label("Needle gauge (G)").fill("30")
    page.get_by_label("Needle length (mm)").fill("4")
    page.get_by_label("Product and lot 1").select_option(str(old.id))
    page.get_by_label("Volume 1 (mL)").fill("2")
    page.get_by_role("button", name="Sign and save the chart").click()
    expect(page.get_by_role("alert")).to_contain_text("expired on")

    page.get_by_label("Product and lot 1").select_option(str(caffeine_lot.id))
    page.get_by_label("Volume 1 (mL)").fill("4")
    page.get_by_label("Product and lot 2").select_option(str(silicon_lot.id))
    page.get_by_label("Volume 2 (mL)").fill("2")
    page.get_by_role("button", name="Sign and save the chart").click()
    expect(page.get_by_role("heading", name=re.compile("Session 1"))).to_be_visible()
    expect(page.get_by_text("Aftercare for the patient")).to_be_visible()

    page.goto(f"/patients/{patient.id}/adverse-events/")
    page.get_by_role("link", name="Record an adverse event").click()
    page.get_by_label("Type of event").select_option("bruising")
    page.get_by_label("Mild").check()
    page.get_by_label("Body area").select_option("thighs")
    page.get_by_label("Side").select_option("left")
    page.get_by_label("Onset date").fill(today.isoformat())
    page.get_by_role("button", name="Record event").click()
    expect(page.get_by_role("heading", name=re.compile("^Bruising, onset"))).to_be_visible()

    eleven_days_later = timezone.now() + timedelta(days=11)
    monkeypatch.setattr(timezone, "now", lambda: eleven_days_later)
    log_in(page)  # the idle session ended while the clock moved
    page.goto(f"/clinics/{riverside.id}/adverse-events/follow-up/")
    expect(page.locator("main")).to_contain_text("Bruising")
    expect(page.locator("main")).to_contain_text(patient.family_name)

    page.goto(f"/formulary/lots/{caffeine_lot.id}/")
    page.get_by_role("link", name="Recall this lot").click()
    page.get_by_label("Reason (the recall notice, or what was found)").fill("Supplier notice")
    page.get_by_label(re.compile("I confirm")).check()
    page.get_by_role("button", name=re.compile("Recall lot")).click()
    expect(page.get_by_role("alert")).to_contain_text("Recalled: no session can use this lot")
    page.get_by_role("link", name="Who received this lot").click()
    received = page.get_by_role("table", name=re.compile("application of this lot"))
    expect(received).to_contain_text(patient.family_name)
    expect(received).to_contain_text("Bruising")
    assert [e for e in page.console_errors if "status of 4" not in e] == []
