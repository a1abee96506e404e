"""The treatment plan a patient takes home: the estimate and its reasons in the
estimator's words, the booked dates and times in the clinic's time zone, what the patient
can do alongside, what the evidence says, and how to reach the clinic."""

import re
import zoneinfo
from datetime import UTC

from mesoclinic.appointments.models import Appointment
from tests.conftest import client_for
from tests.documents.pdf_tools import A4_POINTS, LETTER_POINTS, first_page_ink, pdf_pages, pdf_text


def plan_text(user, course, tmp_path) -> str:
    response = client_for(user).get(f"/courses/{course.id}/plan.pdf")
    assert response.status_code == 200
    return pdf_text(response.content, tmp_path)


def test_the_plan_names_the_clinic_its_address_and_phone_and_the_patient(
    practitioner, booked_course, tmp_path
):
    text = plan_text(practitioner, booked_course, tmp_path)

    assert "Riverside" in text
    assert "12 River Street London SE1 9AA" in text
    assert "020 7946 0018" in text
    assert "Ada Lovelace" in text


def test_the_plan_gives_every_booked_date_and_time_in_the_clinics_time_zone(
    practitioner, booked_course, tmp_path
):
    text = plan_text(practitioner, booked_course, tmp_path)

    london = zoneinfo.ZoneInfo("Europe/London")
    booked = Appointment.objects.filter(course=booked_course).order_by("starts_at")
    assert booked.count() == booked_course.sessions_planned
    for row in booked:
        local = row.starts_at.astimezone(london)
        assert f"{local:%A} {local.day} {local:%B %Y} {local:%H:%M}" in text
    assert "10:00" in text


def test_the_plan_gives_the_estimate_and_every_reason_in_the_estimators_words(
    practitioner, booked_course, tmp_path
):
    text = plan_text(practitioner, booked_course, tmp_path)

    for line in booked_course.estimate["explanation"]:
        assert " ".join(line.split()) in text
    assert f"{booked_course.estimate['sessions']['recommended']} sessions" in text


def test_the_plan_says_what_the_patient_can_do_and_what_the_evidence_says(
    practitioner, booked_course, tmp_path
):
    text = plan_text(practitioner, booked_course, tmp_path)

    assert "What you can do alongside" in text
    assert "exercise and a balanced diet" in text
    assert "What the evidence says" in text
    assert "Results vary from person to person and are not guaranteed." in text


def test_a_plan_not_yet_booked_says_the_clinic_will_book_the_times(
    practitioner, next_week_course, tmp_path
):
    text = plan_text(practitioner, next_week_course, tmp_path)

    assert "No appointment is booked yet" in text


def test_the_plan_is_printed_on_a4_by_default_and_on_letter_when_the_clinic_says_so(
    practitioner, booked_course, riverside, tmp_path
):
    client = client_for(practitioner)
    a4 = client.get(f"/courses/{booked_course.id}/plan.pdf").content
    riverside.paper_size = "letter"
    riverside.save()
    letter = client.get(f"/courses/{booked_course.id}/plan.pdf").content

    assert pdf_pages(a4, tmp_path)[0] == A4_POINTS
    assert pdf_pages(letter, tmp_path)[0] == LETTER_POINTS


def test_the_plans_first_page_is_not_blank(practitioner, booked_course, tmp_path):
    pdf = client_for(practitioner).get(f"/courses/{booked_course.id}/plan.pdf").content

    assert first_page_ink(pdf, tmp_path) > 0.01


def test_times_and_the_generated_stamp_are_the_clinics_local_time(
    request, practitioner, riverside, tmp_path
):
    riverside.time_zone = "America/New_York"
    riverside.save()
    course = request.getfixturevalue("booked_course")

    text = plan_text(practitioner, course, tmp_path)

    new_york = zoneinfo.ZoneInfo("America/New_York")
    for row in Appointment.objects.filter(course=course):
        local, utc = row.starts_at.astimezone(new_york), row.starts_at.astimezone(UTC)
        day = f"{local:%A} {local.day} {local:%B %Y}"
        assert f"{day} 10:00" in text
        assert f"{day} {utc:%H:%M}" not in text
    assert re.search(r"Generated \d{1,2} \w+ \d{4}, \d\d:\d\d E[SD]T", text)


def test_every_page_names_the_clinic_and_the_patient_and_is_numbered(
    practitioner, booked_course, tmp_path
):
    pdf = client_for(practitioner).get(f"/courses/{booked_course.id}/plan.pdf").content
    _size, pages = pdf_pages(pdf, tmp_path)

    assert pages > 1
    for page in range(1, pages + 1):
        text = pdf_text(pdf, tmp_path, page=page)
        assert "Riverside · For Ada Lovelace · Generated" in text
        assert f"Page {page} of {pages}" in text
