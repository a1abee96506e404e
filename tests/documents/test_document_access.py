"""Who may have a patient's documents: the clinical staff of the patient's clinic, on the
pages and through the API alike. Anyone else gets the same 404 as for a record that does
not exist. Each document is audited as a read of the record, is never cached, and its
file name says nothing about the patient or the treatment."""

import re

import pytest

from mesoclinic.audit.models import AuditEvent
from tests.conftest import client_for


def document_urls(course, session) -> list[str]:
    return [
        f"/courses/{course.id}/plan.pdf",
        f"/courses/{course.id}/progress-report.pdf",
        f"/sessions/{session.id}/aftercare.pdf",
        f"/api/v1/courses/{course.id}/plan.pdf",
        f"/api/v1/courses/{course.id}/progress-report.pdf",
        f"/api/v1/sessions/{session.id}/aftercare.pdf",
    ]


@pytest.fixture
def urls(charted):
    return document_urls(charted.course, charted)


def test_the_patients_practitioner_gets_every_document_as_a_pdf(practitioner, urls):
    client = client_for(practitioner)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")


def test_a_practitioner_of_another_clinic_gets_404_on_every_document(outsider, urls):
    client = client_for(outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_the_front_desk_and_the_chain_manager_get_404_on_every_document(
    front_desk, chain_manager, urls
):
    for user in (front_desk, chain_manager):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)


def test_a_document_that_does_not_exist_is_the_same_404(practitioner, charted):
    client = client_for(practitioner)
    for url in document_urls(charted.course, charted):
        missing = re.sub(r"/(\d+)/", "/999999/", url)
        assert client.get(missing).status_code == 404, missing


def test_the_api_asks_for_a_login_or_a_token(client, urls):
    for url in urls:
        if url.startswith("/api/"):
            assert client.get(url).status_code == 401


def test_the_file_name_holds_only_the_record_id_and_the_time(practitioner, urls):
    client = client_for(practitioner)
    for url in urls:
        disposition = client.get(url)["Content-Disposition"]
        assert re.fullmatch(
            r'attachment; filename="(plan|aftercare|progress-report)-\d+-\d{8}-\d{6}\.pdf"',
            disposition,
        )
        assert "Lovelace" not in disposition


def test_no_document_is_kept_in_a_cache(practitioner, urls):
    client = client_for(practitioner)
    for url in urls:
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_each_document_is_audited_as_a_read_of_the_patients_record(
    practitioner, patient, charted, urls
):
    client = client_for(practitioner)
    for url in urls:
        before = AuditEvent.objects.count()
        client.get(url)
        rows = list(AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - before])
        assert any(
            row.action == "read" and row.patient_id == patient.id and "document" in row.target
            for row in rows
        ), url
        assert all("Lovelace" not in row.target for row in rows)


def test_the_api_describes_each_document_as_a_pdf(practitioner):
    paths = client_for(practitioner).get("/api/v1/openapi.json").json()["paths"]

    for path in (
        "/api/v1/courses/{course_id}/plan.pdf",
        "/api/v1/courses/{course_id}/progress-report.pdf",
        "/api/v1/sessions/{session_id}/aftercare.pdf",
    ):
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert list(content) == ["application/pdf"], path
