"""The clinic shares a document with the patient: a Share button where each document is
made (course page, chart page, progress page) and an endpoint, both saying whether it is
already shared. Her portal keeps the copy made at that moment; sharing again replaces it
with the current version, Stop sharing takes it out. Every share and stop is audited."""

from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.courses.services import course_change
from mesoclinic.documents.models import SharedDocument
from mesoclinic.documents.rendering import pdf_from_html
from tests.conftest import actor, client_for
from tests.documents.pdf_tools import pdf_text
from tests.portal.documents.conftest import share


def test_the_course_page_says_the_plan_is_not_shared_and_offers_to_share_it(practitioner, course):
    page = client_for(practitioner).get(f"/courses/{course.id}/").content.decode()

    assert "Treatment plan: not shared with the patient." in page
    assert f'action="/documents/plan/{course.id}/share/"' in page
    assert f'action="/documents/progress-report/{course.id}/share/"' in page


def test_sharing_the_plan_puts_a_copy_in_her_portal_and_the_course_page_says_so(
    practitioner, patient, course
):
    client = client_for(practitioner)
    response = client.post(f"/documents/plan/{course.id}/share/", follow=True)

    assert response.redirect_chain[-1][0] == f"/courses/{course.id}/"
    page = response.content.decode()
    assert "Shared with the patient in her portal: Treatment plan" in page
    assert "Treatment plan shared with the patient on" in page
    shared = SharedDocument.objects.get()
    assert (shared.patient, shared.clinic, shared.kind, shared.record_id) == (
        patient,
        course.clinic,
        "plan",
        course.id,
    )
    assert shared.shared_by == practitioner
    assert "Your treatment plan" in shared.html
    assert "Lovelace" in shared.html


def test_the_share_button_brings_her_back_to_the_page_it_was_on(practitioner, course):
    response = client_for(practitioner).post(
        f"/documents/progress-report/{course.id}/share/",
        {"next": f"/courses/{course.id}/progress/"},
    )
    assert response["Location"] == f"/courses/{course.id}/progress/"


def test_a_return_address_on_another_site_is_ignored(practitioner, course):
    response = client_for(practitioner).post(
        f"/documents/plan/{course.id}/share/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/courses/{course.id}/"


def test_the_chart_page_shares_the_aftercare_sheet(practitioner, charted):
    client = client_for(practitioner)
    page = client.get(f"/sessions/{charted.id}/").content.decode()
    assert f'action="/documents/aftercare/{charted.id}/share/"' in page

    response = client.post(f"/documents/aftercare/{charted.id}/share/")

    assert response["Location"] == f"/sessions/{charted.id}/"
    shared = SharedDocument.objects.get()
    assert shared.title == (
        f"Aftercare sheet for session {charted.number}, "
        f"{charted.performed_on.day} {charted.performed_on:%b %Y}"
    )
    assert (
        "Aftercare sheet shared with the patient on"
        in client.get(f"/sessions/{charted.id}/").content.decode()
    )


def test_the_progress_page_shares_the_progress_report(practitioner, active):
    page = client_for(practitioner).get(f"/courses/{active.id}/progress/").content.decode()

    assert f'action="/documents/progress-report/{active.id}/share/"' in page
    assert "Progress report: not shared with the patient." in page


def test_a_shared_plan_stays_as_she_was_given_it_when_the_course_is_replanned(
    practitioner, course, tmp_path
):
    shared = share(practitioner, "plan", course.id)
    course_change(
        actor=actor(practitioner), course=course, reason="travelling for work", sessions=12
    )

    now = client_for(practitioner).get(f"/courses/{course.id}/plan.pdf").content
    assert "travelling for work" in pdf_text(now, tmp_path)
    shared.refresh_from_db()
    assert "travelling for work" not in pdf_text(pdf_from_html(shared.html), tmp_path)


def test_sharing_again_replaces_her_copy_with_the_current_version(practitioner, course):
    first = share(practitioner, "plan", course.id)
    course_change(
        actor=actor(practitioner), course=course, reason="travelling for work", sessions=12
    )

    page = client_for(practitioner).get(f"/courses/{course.id}/").content.decode()
    assert "Share the current version" in page
    second = share(practitioner, "plan", course.id)

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert first.withdrawn_by == practitioner
    assert second.withdrawn_at is None
    assert "travelling for work" in second.html
    assert SharedDocument.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_stop_sharing_takes_it_out_of_her_portal_and_keeps_the_record(
    practitioner, course, shared_plan
):
    client = client_for(practitioner)
    response = client.post(f"/shared-documents/{shared_plan.id}/stop/", follow=True)

    page = response.content.decode()
    assert "No longer shared with the patient: Treatment plan" in page
    assert "Treatment plan: not shared with the patient." in page
    shared_plan.refresh_from_db()
    assert shared_plan.withdrawn_at is not None
    assert shared_plan.withdrawn_by == practitioner


def test_stopping_a_share_that_already_stopped_is_refused_with_the_reason(
    practitioner, course, shared_plan
):
    client = client_for(practitioner)
    client.post(f"/shared-documents/{shared_plan.id}/stop/")

    again = client.post(f"/shared-documents/{shared_plan.id}/stop/", follow=True)
    assert "This document is no longer shared with the patient." in again.content.decode()
    api = client.post(f"/api/v1/shared-documents/{shared_plan.id}/stop")
    assert api.status_code == 422
    assert "no longer shared" in api.content.decode()


def test_sharing_and_stopping_are_audited_against_her_record(practitioner, patient, course):
    client = client_for(practitioner)
    client.post(f"/documents/plan/{course.id}/share/")
    shared = SharedDocument.objects.get()
    client.post(f"/shared-documents/{shared.id}/stop/")

    rows = AuditEvent.objects.filter(patient_id=patient.id, actor=practitioner)
    assert rows.filter(action=Action.CREATE, target__startswith="shared plan document").exists()
    assert rows.filter(action=Action.UPDATE, target__startswith="stopped sharing plan").exists()
    assert not rows.filter(target__contains="Lovelace").exists()


def test_the_api_shares_lists_and_stops(practitioner, patient, course):
    client = client_for(practitioner)
    made = client.post(
        "/api/v1/shared-documents",
        {"kind": "plan", "record_id": course.id},
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert (body["kind"], body["record_id"], body["withdrawn_at"]) == ("plan", course.id, None)
    assert body["shared_by"] == practitioner.username

    listed = client.get(f"/api/v1/patients/{patient.id}/shared-documents").json()
    assert [row["id"] for row in listed] == [body["id"]]

    stopped = client.post(f"/api/v1/shared-documents/{body['id']}/stop")
    assert stopped.status_code == 200
    assert stopped.json()["withdrawn_at"] is not None


def test_an_unknown_kind_of_document_is_refused(practitioner, course):
    client = client_for(practitioner)
    assert client.post(f"/documents/invoice/{course.id}/share/").status_code == 404
    api = client.post(
        "/api/v1/shared-documents",
        {"kind": "invoice", "record_id": course.id},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert not SharedDocument.objects.exists()


def test_a_share_is_a_post_and_needs_the_pages_csrf_token(practitioner, course):
    assert client_for(practitioner).get(f"/documents/plan/{course.id}/share/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)
    assert strict.post(f"/documents/plan/{course.id}/share/").status_code == 403
    assert not SharedDocument.objects.exists()


def test_another_clinics_staff_and_the_front_desk_get_404_from_every_share_endpoint(
    outsider, front_desk, patient, course, shared_plan
):
    for user in (outsider, front_desk):
        client = client_for(user)
        assert client.post(f"/documents/plan/{course.id}/share/").status_code == 404
        assert client.post(f"/shared-documents/{shared_plan.id}/stop/").status_code == 404
        api_share = client.post(
            "/api/v1/shared-documents",
            {"kind": "plan", "record_id": course.id},
            content_type="application/json",
        )
        assert api_share.status_code == 404
        assert client.post(f"/api/v1/shared-documents/{shared_plan.id}/stop").status_code == 404
        assert client.get(f"/api/v1/patients/{patient.id}/shared-documents").status_code == 404
    shared_plan.refresh_from_db()
    assert shared_plan.withdrawn_at is None
    assert SharedDocument.objects.count() == 1


def test_a_share_that_does_not_exist_is_the_same_404(practitioner, course):
    client = client_for(practitioner)
    assert client.post("/shared-documents/999999/stop/").status_code == 404
    assert client.post("/documents/plan/999999/share/").status_code == 404


def test_the_patients_documents_page_lists_what_was_shared_and_what_was_withdrawn(
    practitioner, patient, course, charted
):
    client = client_for(practitioner)
    plan = share(practitioner, "plan", course.id)
    aftercare = share(practitioner, "aftercare", charted.id)
    client.post(f"/shared-documents/{plan.id}/stop/")

    whole = client.get(f"/patients/{patient.id}/documents/").content.decode()

    page = whole[whole.index("Shared in the patient's portal") :]
    assert page.index(aftercare.title) < page.index(plan.title)
    withdrawn_line = page[page.index(plan.title) :].split("</li>")[0]
    assert "no longer shared" in withdrawn_line
    assert (
        "(in her portal, not opened yet)" in page[page.index(aftercare.title) :].split("</li>")[0]
    )


def test_two_colleagues_sharing_the_same_document_at_once_leave_one_copy(
    practitioner, course, shared_plan, monkeypatch
):
    # What the second sees while the first one's share has not committed yet: no copy.
    monkeypatch.setattr("mesoclinic.documents.sharing._current_copy", lambda *args: None)

    response = client_for(practitioner).post(f"/documents/plan/{course.id}/share/", follow=True)

    assert "A colleague shared this document at the same moment" in response.content.decode()
    assert SharedDocument.objects.get() == shared_plan
