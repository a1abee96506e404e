"""Her documents in the portal: what the clinic shared with her, newest first, each opened
as a PDF made by the staff's renderer from the copy shared. Only hers: another patient, a
patient of another clinic and staff get 404, and a document the clinic stopped sharing is
gone. Every read is audited."""

import re

import pytest

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.entered_in_error import session_mark_entered_in_error
from mesoclinic.documents.models import SharedDocument
from mesoclinic.documents.sharing import document_unshare
from tests.conftest import actor, client_for
from tests.documents.pdf_tools import pdf_text
from tests.portal.documents.conftest import share


@pytest.fixture
def two_shared(practitioner, course, charted) -> tuple[SharedDocument, SharedDocument]:
    """A plan shared first, then the aftercare sheet of today's chart."""
    return share(practitioner, "plan", course.id), share(practitioner, "aftercare", charted.id)


def test_her_documents_are_listed_newest_first(ada_client, two_shared):
    plan, aftercare = two_shared
    page = ada_client.get("/portal/documents/").content.decode()

    assert page.index(aftercare.title) < page.index(plan.title)
    assert f'href="/portal/documents/{plan.id}.pdf"' in page
    assert f'href="/portal/documents/{aftercare.id}.pdf"' in page
    listed = ada_client.get("/api/v1/portal/documents").json()
    assert [row["id"] for row in listed] == [aftercare.id, plan.id]
    assert listed[1]["pdf_url"] == f"/portal/documents/{plan.id}.pdf"


def test_with_nothing_shared_the_page_says_so(ada_client, patient):
    page = ada_client.get("/portal/documents/").content.decode()
    assert "The clinic has not shared a document with you yet." in page


def test_her_home_and_menu_lead_to_her_documents(ada_client):
    page = ada_client.get("/portal/").content.decode()
    assert page.count('href="/portal/documents/"') >= 2


def test_she_opens_the_plan_as_the_pdf_the_clinic_made(ada_client, shared_plan, tmp_path):
    response = ada_client.get(f"/portal/documents/{shared_plan.id}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert re.fullmatch(
        rf'inline; filename="plan-{shared_plan.record_id}-\d{{8}}-\d{{6}}\.pdf"',
        response["Content-Disposition"],
    )
    text = pdf_text(response.content, tmp_path)
    assert "Your treatment plan" in text
    assert "Ada Lovelace" in text
    assert "Riverside" in text
    api = ada_client.get(f"/api/v1/portal/documents/{shared_plan.id}.pdf")
    assert api.status_code == 200
    assert pdf_text(api.content, tmp_path) == text


def test_she_opens_the_aftercare_sheet_of_her_session(ada_client, practitioner, charted, tmp_path):
    shared = share(practitioner, "aftercare", charted.id)
    response = ada_client.get(f"/portal/documents/{shared.id}.pdf")
    assert "Aftercare after your session" in pdf_text(response.content, tmp_path)


def test_each_list_and_document_she_opens_is_audited_as_a_portal_read(
    ada_client, patient, shared_plan
):
    ada_client.get("/portal/documents/")
    ada_client.get(f"/portal/documents/{shared_plan.id}.pdf")

    reads = AuditEvent.objects.filter(patient_id=patient.id, action=Action.READ, via="portal")
    assert reads.filter(target="portal documents list").exists()
    assert reads.filter(
        target=f"portal shared plan document {shared_plan.record_id} (share {shared_plan.id})"
    ).exists()


def test_a_document_the_clinic_stopped_sharing_is_gone(ada_client, practitioner, shared_plan):
    document_unshare(actor=actor(practitioner), share_id=shared_plan.id)

    assert shared_plan.title not in ada_client.get("/portal/documents/").content.decode()
    assert ada_client.get(f"/portal/documents/{shared_plan.id}.pdf").status_code == 404
    assert ada_client.get("/api/v1/portal/documents").json() == []


def test_another_patient_and_a_patient_of_another_clinic_get_404(
    bea_client, grace_client, shared_plan
):
    for client in (bea_client, grace_client):
        assert client.get(f"/portal/documents/{shared_plan.id}.pdf").status_code == 404
        assert client.get(f"/api/v1/portal/documents/{shared_plan.id}.pdf").status_code == 404
        assert client.get("/api/v1/portal/documents").json() == []
        assert shared_plan.title not in client.get("/portal/documents/").content.decode()


def test_staff_get_404_from_her_documents_pages_and_endpoints(
    practitioner, clinic_admin, shared_plan
):
    for user in (practitioner, clinic_admin):
        client = client_for(user)
        assert client.get("/portal/documents/").status_code == 404
        assert client.get(f"/portal/documents/{shared_plan.id}.pdf").status_code == 404
        assert client.get("/api/v1/portal/documents").status_code == 404
        assert client.get(f"/api/v1/portal/documents/{shared_plan.id}.pdf").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, shared_plan):
    response = client.get(f"/portal/documents/{shared_plan.id}.pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/portal/sign-in/")


def test_her_course_page_lists_what_was_shared_from_that_course(
    ada_client, practitioner, two_shared, charted
):
    plan, aftercare = two_shared
    document_unshare(actor=actor(practitioner), share_id=plan.id)

    page = ada_client.get(f"/portal/courses/{charted.course_id}/").content.decode()

    assert f'href="/portal/documents/{aftercare.id}.pdf"' in page
    assert aftercare.title in page
    assert plan.title not in page
    assert 'href="/portal/documents/"' in page


def test_her_course_page_says_when_nothing_was_shared_from_it(ada_client, course):
    page = ada_client.get(f"/portal/courses/{course.id}/").content.decode()
    assert "The clinic has not shared a document from this course yet." in page


def test_a_chart_marked_entered_in_error_takes_its_aftercare_sheet_out_of_her_portal(
    ada_client, practitioner, patient, charted
):
    shared = share(practitioner, "aftercare", charted.id)
    session_mark_entered_in_error(
        actor=actor(practitioner), session=charted, reason="Charted on the wrong patient"
    )

    assert shared.title not in ada_client.get("/portal/documents/").content.decode()
    assert ada_client.get(f"/portal/documents/{shared.id}.pdf").status_code == 404
    staff_page = client_for(practitioner).get(f"/patients/{patient.id}/documents/")
    assert "its record was marked entered in error" in staff_page.content.decode()


def test_the_clinic_sees_when_she_first_opened_a_document(
    ada_client, practitioner, patient, course, shared_plan
):
    staff = client_for(practitioner)
    assert "She has not opened it yet." in staff.get(f"/courses/{course.id}/").content.decode()

    ada_client.get(f"/portal/documents/{shared_plan.id}.pdf")
    shared_plan.refresh_from_db()
    first = shared_plan.first_opened_at
    ada_client.get(f"/portal/documents/{shared_plan.id}.pdf")

    shared_plan.refresh_from_db()
    assert first is not None
    assert shared_plan.first_opened_at == first
    assert "She opened it on" in staff.get(f"/courses/{course.id}/").content.decode()
    listed = staff.get(f"/api/v1/patients/{patient.id}/shared-documents").json()
    assert listed[0]["first_opened_at"] is not None


def test_another_patient_opening_her_document_marks_nothing(bea_client, shared_plan):
    assert bea_client.get(f"/portal/documents/{shared_plan.id}.pdf").status_code == 404
    shared_plan.refresh_from_db()
    assert shared_plan.first_opened_at is None
