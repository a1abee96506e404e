"""The treatment plan handed to the patient, in Chromium: from the course page, the plan
downloads as a PDF whose text names the clinic, its address and the patient."""

import subprocess

import pytest

from tests.browser_steps import log_in
from tests.courses.conftest import assess, plan
from tests.screening.conftest import screen, sign_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_plan_downloads_as_a_pdf_from_the_course_page(
    page, practitioner, patient, riverside, tmp_path
):
    riverside.postal_address, riverside.phone = "12 River Street\nLondon", "+442079460018"
    riverside.save()
    screen(patient, practitioner)
    sign_consent(patient, practitioner)
    assess(patient, practitioner, 2, (2, 2, 1, 1))
    course = plan(patient, practitioner)

    log_in(page)
    page.goto(f"/courses/{course.id}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Treatment plan (PDF)").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert saved.read_bytes()[:4] == b"%PDF"
    assert download.suggested_filename.startswith(f"plan-{course.id}-")
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Riverside" in text
    assert "12 River Street" in text
    assert "Ada Lovelace" in text
