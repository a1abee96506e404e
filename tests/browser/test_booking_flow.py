"""The front desk books a whole course in Chromium: finds a plan for a 10-session weekly
course, books it, cancels session 4 and places it again, then sees it in the week view."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from mesoclinic.appointments.models import Appointment
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Room
from tests.appointments.conftest import colleague, open_weekdays, works_weekdays  # noqa: F401
from tests.browser_steps import log_in
from tests.courses.conftest import assess, plan
from tests.screening.conftest import screen, sign_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_book_a_course_cancel_a_session_and_place_it_again(
    page, front_desk, practitioner, patient, riverside
):
    today = clinic_today(riverside)
    open_weekdays(riverside)
    Room.objects.create(clinic=riverside, name="Room 2")
    works_weekdays(practitioner, riverside)
    screen(patient, practitioner)
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2, (2, 2, 1, 1))
    course = plan(
        patient,
        practitioner,
        starts_on=today + timedelta(days=7),
        sessions=10,
        reason="Ten sessions agreed with the patient",
    )

    log_in(page, "riverside.frontdesk")
    page.goto(f"/patients/{patient.id}/")
    page.get_by_role("link", name="Book or change the course's sessions").click()
    expect(page.get_by_role("heading", name="Book sessions 1–10")).to_be_visible()
    page.get_by_label("Time of day").select_option("morning")
    page.get_by_role("button", name="Find plans").click()
    expect(page.get_by_role("heading", name="Plan 1")).to_be_visible()
    page.get_by_role("button", name="Book plan 1").click()
    expect(page.get_by_role("status")).to_contain_text("Booked 10 sessions")
    assert Appointment.objects.filter(course=course, status="booked").count() == 10

    page.get_by_role("row", name=re.compile(r"^4 ")).get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile("Session 4"))).to_be_visible()
    page.get_by_text("Cancel, or record that the patient did not come").click()
    page.get_by_label("The patient cancelled").check()
    page.get_by_label("Reason").fill("Away that week")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Place session 4 again")).to_be_visible()
    page.get_by_role("button", name="Book this").first.click()
    expect(page.get_by_role("status")).to_contain_text("Session 4 placed again")
    replacement = Appointment.objects.get(course=course, number=4, status="booked")
    assert replacement.replaces is not None

    day = replacement.starts_at.date().isoformat()
    page.goto(f"/schedule/{riverside.id}/week/{day}/")
    expect(page.get_by_role("heading", name=re.compile("week of"))).to_be_visible()
    expect(page.get_by_text("Ada Lovelace").first).to_be_visible()
