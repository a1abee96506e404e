# ruff: noqa: F811 - the fixtures imported below are redefined as test arguments
"""Positive identification: every clinical form and record page names the patient by two
identifiers, her name and her birth date (with her age), at its top, in the one banner
`patients/_identity.html`."""

import re
from datetime import time

import pytest

from mesoclinic.clinics.clock import clinic_today
from tests.appointments.booking_helpers import book_today
from tests.assessments.reassess_helpers import course_with_sessions
from tests.charting.conftest import caffeine, caffeine_lot, chart_on_page  # noqa: F401
from tests.conftest import client_for
from tests.courses.conftest import active, course, grade_two, ready, today  # noqa: F401

pytestmark = pytest.mark.django_db


def banner_of(page) -> str:
    """The identity banner, which comes before the page's heading."""
    assert page.status_code == 200
    content = page.content.decode()
    found = re.search(
        r'<section class="identity" aria-label="Patient">(.*?)</section>', content, re.S
    )
    assert found is not None, "no identity banner"
    assert found.start() < content.index("<h1"), "the banner is not at the top"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def expected_age(patient) -> int:
    day = clinic_today(patient.clinic)
    born = patient.date_of_birth
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def assert_identifies(page, patient) -> None:
    banner = banner_of(page)
    assert "Ada Lovelace" in banner
    assert f"born 10 Dec 1985 (age {expected_age(patient)})" in banner


def test_the_chart_form_names_the_patient_and_her_birth_date(logged_in, active, patient):
    assert_identifies(logged_in.get(f"/courses/{active.id}/chart/"), patient)


def test_the_signed_chart_names_the_patient_and_her_birth_date(
    logged_in, active, patient, caffeine_lot, today
):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "2")], today)

    assert_identifies(logged_in.get(f"/sessions/{session.id}/"), patient)
    assert_identifies(logged_in.get(f"/sessions/{session.id}/amend/"), patient)


def test_the_appointment_page_where_she_is_checked_in_names_her_and_her_birth_date(
    active, practitioner, front_desk, patient
):
    row = book_today(active, practitioner, at=time(0, 1), booked_by=front_desk)

    page = client_for(front_desk).get(f"/appointments/{row.id}/")

    assert_identifies(page, patient)
    assert "Check the patient in" in page.content.decode()


def test_the_reassessment_form_names_the_patient_and_her_birth_date(logged_in, ready, practitioner):
    reassessed = course_with_sessions(ready, practitioner, 5)

    assert_identifies(logged_in.get(f"/courses/{reassessed.id}/reassess/"), ready)


def test_the_banner_says_when_the_record_was_entered_in_error(logged_in, active, patient):
    patient.status, patient.status_reason = "entered_in_error", "A second record of Ada"
    patient.save()

    banner = banner_of(logged_in.get(f"/courses/{active.id}/chart/"))

    assert "record entered in error" in banner
