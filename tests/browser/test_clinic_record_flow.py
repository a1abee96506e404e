"""The record a clinic keeps before any needle touches skin, in Chromium: a practitioner
adds a patient, screens her (a stop refuses the course, with its reason), takes her
consent, assesses her thighs with a photo and sees the computed grade."""

import re
from datetime import date

import pytest
from PIL import Image
from playwright.sync_api import expect

from mesoclinic.patients.models import Patient
from tests.browser_steps import answer_no_to_every_question, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo_file(tmp_path):
    path = tmp_path / "thigh.jpg"
    Image.new("RGB", (120, 160), (210, 180, 160)).save(path, format="JPEG")
    return str(path)


def test_a_practitioner_records_a_patient_from_screening_to_an_assessed_grade(
    page, practitioner, tmp_path
):
    log_in(page)
    page.get_by_role("link", name="Patients").click()
    page.get_by_role("link", name="Add a patient").click()
    page.get_by_label("Given name").fill("Emmy")
    page.get_by_label("Family name").fill("Noether")
    page.get_by_label("Date of birth").fill("1982-03-23")
    page.get_by_label("Phone").fill("+44 7700 900555")
    page.get_by_role("button", name="Add patient").click()
    expect(page.get_by_role("heading", name="Emmy Noether")).to_be_visible()
    patient_url = page.url

    page.get_by_role("link", name="Screening and course readiness").click()
    page.get_by_role("link", name="New screening").click()
    answer_no_to_every_question(page, "New screening", "fieldset")
    page.get_by_role("group", name=re.compile("^Breastfeeding")).get_by_label("Yes").check()
    page.get_by_role("button", name="Save screening").click()
    page.get_by_role("link", name="All screenings and course readiness").click()
    page.get_by_role("button", name="Start a course").click()
    expect(page.get_by_role("alert")).to_contain_text("Screening stop: Breastfeeding.")

    page.goto(patient_url)
    page.get_by_role("link", name="Consent").click()
    page.get_by_role("link", name=re.compile("Sign")).first.click()
    page.get_by_label("Expected number of sessions").fill("10–15")
    page.get_by_label("Cost of the course").fill("£900")
    page.get_by_label("The patient has read this form").check()
    page.get_by_label("Patient's full name").fill("Emmy Noether")
    page.get_by_role("button", name="Record the signed consent").click()
    expect(page.get_by_role("heading", name="Signature")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Emmy Noether")

    page.goto(patient_url)
    page.get_by_role("link", name="Assessments").click()
    page.get_by_role("link", name=re.compile("New assessment")).click()
    page.get_by_label("Initial").check()
    left_thigh = page.locator("details.area-block", has_text="Thighs, left")
    left_thigh.locator("summary").click()
    left_thigh.get_by_label("Dimpling on pinch").select_option("yes")
    left_thigh.get_by_label("Visible standing").select_option("yes")
    left_thigh.get_by_label("Visible lying down").select_option("no")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".worst-area")).to_contain_text("NM grade 2")

    page.get_by_label("Pose").select_option(label="Back of thighs, standing, muscles relaxed")
    page.get_by_label("Photo", exact=True).set_input_files(photo_file(tmp_path))
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_role("img", name=re.compile("Photo: Back of thighs"))).to_be_visible()
    assert page.console_errors == [], "the pages run under their CSP without errors"


def test_a_hostile_patient_name_never_runs_as_script(page, practitioner, riverside):
    Patient.objects.create(
        clinic=riverside,
        given_name=XSS_NAME,
        family_name="Hostile",
        date_of_birth=date(1990, 1, 1),
        created_by=practitioner,
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page)

    page.get_by_role("link", name="Patients").click()
    page.get_by_label("Name, date of birth or phone").fill("Hostile")
    page.get_by_role("link", name=re.compile("Hostile")).click()
    expect(page.get_by_role("heading", name=re.compile("Hostile"))).to_be_visible()

    assert dialogs == []
    expect(page.get_by_role("heading", name=re.compile("Hostile"))).to_contain_text(XSS_NAME)
