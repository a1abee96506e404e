"""The aftercare sheet of a charted session: the clinic's aftercare text as the chart page
gives it for that session, with the session's date."""

from mesoclinic.charting.aftercare import aftercare_template_save, session_aftercare
from tests.charting.conftest import mark_on_page
from tests.conftest import actor, client_for
from tests.documents.pdf_tools import A4_POINTS, first_page_ink, pdf_pages, pdf_text


def aftercare_pdf(user, session):
    return client_for(user).get(f"/sessions/{session.id}/aftercare.pdf")


def test_the_sheet_gives_the_clinics_aftercare_text_for_that_session(
    practitioner, charted, tmp_path
):
    text = pdf_text(aftercare_pdf(practitioner, charted).content, tmp_path)

    for line in session_aftercare(charted).splitlines():
        if line.strip():
            assert " ".join(line.split()) in text
    assert "020 7946 0018" in text


def test_the_sheet_gives_the_session_date_the_patient_and_the_clinic(
    practitioner, charted, tmp_path
):
    text = pdf_text(aftercare_pdf(practitioner, charted).content, tmp_path)

    day = charted.performed_on
    assert f"Session {charted.number} of your course, on {day:%A} {day.day} {day:%B %Y}" in text
    assert "Ada Lovelace" in text
    assert "Riverside" in text
    assert "12 River Street London SE1 9AA" in text


def test_the_sheet_follows_the_clinics_own_aftercare_text(
    clinic_admin, practitioner, riverside, charted, tmp_path
):
    aftercare_template_save(
        actor=actor(clinic_admin),
        clinic_id=riverside.id,
        body="Our own words\nCall {clinic} on {clinic_phone} with any worry.",
    )

    text = pdf_text(aftercare_pdf(practitioner, charted).content, tmp_path)

    assert "Our own words Call Riverside on 020 7946 0018 with any worry." in text


def test_a_clinics_text_that_looks_like_markup_is_printed_as_written(
    clinic_admin, practitioner, riverside, charted, tmp_path
):
    aftercare_template_save(
        actor=actor(clinic_admin),
        clinic_id=riverside.id,
        body='Note <img src="file:///etc/hostname"> <b>bold</b>',
    )

    text = pdf_text(aftercare_pdf(practitioner, charted).content, tmp_path)

    assert 'Note <img src="file:///etc/hostname"> <b>bold</b>' in text


def test_a_chart_entered_in_error_gives_no_aftercare_sheet(logged_in, practitioner, charted):
    mark_on_page(logged_in, charted)

    assert aftercare_pdf(practitioner, charted).status_code == 404


def test_the_sheet_is_a4_and_its_first_page_is_not_blank(practitioner, charted, tmp_path):
    pdf = aftercare_pdf(practitioner, charted).content

    assert pdf_pages(pdf, tmp_path)[0] == A4_POINTS
    assert first_page_ink(pdf, tmp_path) > 0.01
