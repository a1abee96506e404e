"""Where staff find the documents: the course page (plan), the chart page (aftercare
sheet) and the patient's list of documents, reached from the patient page."""

from tests.conftest import client_for


def test_the_course_page_links_to_the_treatment_plan_and_the_progress_report(
    practitioner, booked_course
):
    page = client_for(practitioner).get(f"/courses/{booked_course.id}/")

    assert f'href="/courses/{booked_course.id}/plan.pdf"'.encode() in page.content
    assert f'href="/courses/{booked_course.id}/progress-report.pdf"'.encode() in page.content


def test_the_chart_page_links_to_the_aftercare_sheet(practitioner, charted):
    page = client_for(practitioner).get(f"/sessions/{charted.id}/")

    assert f'href="/sessions/{charted.id}/aftercare.pdf"'.encode() in page.content


def test_the_patient_page_links_to_the_patients_documents(practitioner, patient):
    page = client_for(practitioner).get(f"/patients/{patient.id}/")

    assert f'href="/patients/{patient.id}/documents/"'.encode() in page.content


def test_the_patients_documents_list_every_course_and_standing_chart(
    practitioner, patient, charted
):
    page = client_for(practitioner).get(f"/patients/{patient.id}/documents/")

    assert page.status_code == 200
    assert f'href="/courses/{charted.course_id}/plan.pdf"'.encode() in page.content
    assert f'href="/courses/{charted.course_id}/progress-report.pdf"'.encode() in page.content
    assert f'href="/sessions/{charted.id}/aftercare.pdf"'.encode() in page.content


def test_the_patients_documents_are_404_for_another_clinic_and_the_front_desk(
    outsider, front_desk, patient
):
    for user in (outsider, front_desk):
        assert client_for(user).get(f"/patients/{patient.id}/documents/").status_code == 404
