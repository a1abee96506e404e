"""The day at the clinic in Chromium: the desk checks the patient in from the home page,
the practitioner opens the chart of that session in one click and starts the planned
course there; and the rota page fits a phone's width."""

import re
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from mesoclinic.appointments.calendar import to_utc, to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Room
from tests.appointments.conftest import open_weekdays, works_weekdays
from tests.browser_steps import log_in
from tests.courses.conftest import assess, plan
from tests.screening.conftest import screen, sign_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_check_in_from_today_then_chart_the_session_in_one_click(
    page, front_desk, practitioner, patient, riverside
):
    screen(patient, practitioner)
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2, (2, 2, 1, 1))
    course = plan(patient, practitioner)
    starts = to_utc(datetime.combine(clinic_today(riverside), time(0, 1)), riverside)
    booked = Appointment.objects.create(
        clinic=riverside,
        patient=patient,
        course=course,
        number=1,
        practitioner=practitioner,
        room=Room.objects.get(clinic=riverside),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        held_until=starts + timedelta(hours=1),
        booked_by=front_desk,
    )

    log_in(page, "riverside.frontdesk")
    expect(page.get_by_role("heading", name="Today at Riverside")).to_be_visible()
    page.get_by_role("row", name=re.compile("Ada Lovelace")).get_by_role(
        "button", name="Check in"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("Checked in.")
    booked.refresh_from_db()
    arrived = f"{to_wall(booked.status_changed_at, riverside):%H:%M}"
    expect(page.get_by_role("row", name=re.compile("Ada Lovelace"))).to_contain_text(
        f"Checked in at {arrived}"
    )
    page.get_by_role("button", name="Log out").click()

    log_in(page)
    page.get_by_role("link", name="Chart this session").click()
    expect(page.get_by_role("heading", name="Chart session 1")).to_be_visible()
    expect(page.get_by_text(f"Checked in at {arrived}")).to_be_visible()
    page.get_by_role("button", name="Start the course").click()
    expect(page.get_by_role("status")).to_contain_text("Course started.")
    expect(page.get_by_role("button", name="Sign and save the chart")).to_be_visible()
    expect(page.get_by_label("Checked in")).to_have_value(re.compile(f"^{arrived}"))


@pytest.mark.parametrize("width", [390, 1024])
def test_the_rota_page_fits_the_screen_width(page, clinic_admin, practitioner, riverside, width):
    open_weekdays(riverside)
    works_weekdays(practitioner, riverside)
    page.set_viewport_size({"width": width, "height": 900})

    log_in(page, "riverside.admin")
    page.goto(f"/rota/{riverside.id}/")
    expect(page.get_by_role("heading", name="Weekly shifts")).to_be_visible()

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
