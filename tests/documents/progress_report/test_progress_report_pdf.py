"""The progress report a patient takes home: the progress page's change sentences, its
charts (the same SVG) and figures, and only the photos the patient agreed may appear in a
report given to them."""

import subprocess

from mesoclinic.documents.rendering import document_html
from mesoclinic.documents.selectors import progress_document
from mesoclinic.domain.progress import change_lines
from mesoclinic.domain.progress_chart import progress_charts
from mesoclinic.progress.selectors import course_progress
from tests.conftest import actor, client_for
from tests.documents.pdf_tools import LETTER_POINTS, first_page_ink, pdf_pages, pdf_text


def report(user, course):
    response = client_for(user).get(f"/courses/{course.id}/progress-report.pdf")
    assert response.status_code == 200
    return response.content


def embedded_images(pdf: bytes, folder) -> int:
    path = folder / "images.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    return len(listing) - 2  # two header lines


def test_the_report_gives_the_progress_pages_change_sentences(
    practitioner,
    improving,
    tmp_path,
):
    text = pdf_text(report(practitioner, improving), tmp_path)

    progress = course_progress(actor(practitioner), improving.id).progress
    lines = change_lines(progress)
    assert lines
    for line in lines:
        assert " ".join(line.sentence.split()) in text


def test_the_report_draws_the_same_charts_as_the_progress_page(practitioner, improving):
    html = document_html(progress_document(actor(practitioner), improving.id))

    charts = progress_charts(course_progress(actor(practitioner), improving.id).progress)
    assert charts
    for chart in charts:
        assert chart.svg in html


def test_the_reports_figures_agree_with_the_progress_api_to_the_digit(
    practitioner,
    improving,
    tmp_path,
):
    text = pdf_text(report(practitioner, improving), tmp_path)
    body = client_for(practitioner).get(f"/api/v1/courses/{improving.id}/progress").json()

    left = next(area for area in body["areas"] if area["index"])
    for point in left["points"]:
        assert point["circumference_cm"] in text
    assert "60.5" in text
    assert "59.0" in text


def test_the_report_shows_only_the_photos_agreed_for_a_report(practitioner, photographed, tmp_path):
    pdf = report(practitioner, photographed)

    assert embedded_images(pdf, tmp_path) == 1
    assert "Initial assessment, back" in pdf_text(pdf, tmp_path)


def test_without_report_consent_no_photo_is_printed(practitioner, improving, tmp_path):
    pdf = report(practitioner, improving)

    assert embedded_images(pdf, tmp_path) == 0
    assert "only photos you agreed may appear in a report" in pdf_text(pdf, tmp_path)


def test_the_report_names_the_clinic_the_patient_and_says_results_vary(
    practitioner,
    improving,
    tmp_path,
):
    text = pdf_text(report(practitioner, improving), tmp_path)

    assert "Riverside" in text
    assert "12 River Street London SE1 9AA" in text
    assert "020 7946 0018" in text
    assert "Ada Lovelace" in text
    assert "Results vary from person to person and are not guaranteed." in text


def test_the_report_of_a_course_without_change_says_so_plainly(practitioner, flat, tmp_path):
    text = pdf_text(report(practitioner, flat), tmp_path)

    for line in change_lines(course_progress(actor(practitioner), flat.id).progress):
        assert " ".join(line.sentence.split()) in text


def test_the_report_follows_the_clinics_paper_and_is_not_blank(
    practitioner,
    riverside,
    improving,
    tmp_path,
):
    riverside.paper_size = "letter"
    riverside.save()

    pdf = report(practitioner, improving)

    assert pdf_pages(pdf, tmp_path)[0] == LETTER_POINTS
    assert first_page_ink(pdf, tmp_path) > 0.01
