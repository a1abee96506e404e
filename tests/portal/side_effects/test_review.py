"""The clinic's side of her report: it waits on the follow-up list marked as hers, a
practitioner reviews it (grades it, confirms its type and site), and from then on it is
followed up as any other event. Her photos are only for her clinic's clinical staff."""

import pytest

from mesoclinic.adverse_events.models import PatientReportReview
from mesoclinic.adverse_events.selectors import follow_up_list
from mesoclinic.adverse_events.services import adverse_event_amend, follow_up_create
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.domain.errors import DomainError
from tests.adverse_events.conftest import record
from tests.conftest import actor, client_for
from tests.portal.side_effects.conftest import days_ago, jpeg, report, review


def test_her_report_is_on_the_follow_up_list_at_once_marked_as_awaiting_review(
    bruise_report, practitioner, riverside
):
    rows = follow_up_list(actor(practitioner), riverside.id).rows
    assert [(row.event.id, row.awaiting_report_review) for row in rows] == [
        (bruise_report.id, True)
    ]


def test_the_follow_up_page_marks_it_reported_by_the_patient(bruise_report, logged_in, riverside):
    page = logged_in.get(f"/clinics/{riverside.id}/adverse-events/follow-up/").content.decode()
    assert "reported by the patient, awaiting review" in page
    assert f"/adverse-events/{bruise_report.id}/" in page


def test_serious_reports_come_first_then_other_reports_then_overdue_events(
    bruise_report, serious_report, practitioner, patient, riverside
):
    overdue = record(patient, practitioner, days_ago=12)
    rows = follow_up_list(actor(practitioner), riverside.id).rows
    assert [row.event.id for row in rows] == [serious_report.id, bruise_report.id, overdue.id]


def test_it_cannot_be_followed_up_or_amended_before_it_is_reviewed(
    bruise_report, practitioner, patient
):
    with pytest.raises(DomainError, match="awaiting review: review it first"):
        follow_up_create(
            actor=actor(practitioner),
            event=bruise_report,
            noted_on=days_ago(0, patient.clinic),
            outcome="improving",
            note="Smaller",
        )
    with pytest.raises(DomainError, match="awaiting review"):
        adverse_event_amend(
            actor=actor(practitioner), event=bruise_report, reason="x", description="y"
        )


def test_the_review_grades_it_confirms_its_site_and_keeps_what_she_reported(
    bruise_report, practitioner
):
    done = review(practitioner, bruise_report, event_type="redness_swelling", severity="moderate")

    bruise_report.refresh_from_db()
    assert not bruise_report.awaiting_report_review
    assert (bruise_report.event_type, bruise_report.severity) == ("redness_swelling", "moderate")
    assert (bruise_report.area, bruise_report.side) == ("thighs", "left")
    assert done.changes["event_type"] == ["bruising", "redness_swelling"]
    assert done.changes["severity"] == ["", "moderate"]
    assert AuditEvent.objects.filter(
        action=Action.SIGN, target=f"adverse event {bruise_report.id} patient report review"
    ).exists()


def test_once_reviewed_it_is_followed_up_as_any_other_event(
    bruise_report, practitioner, patient, riverside
):
    review(practitioner, bruise_report)
    # Two days in, a bruise is within its 7-10 days: it leaves the list until it is overdue.
    assert follow_up_list(actor(practitioner), riverside.id).rows == []
    follow_up_create(
        actor=actor(practitioner),
        event=bruise_report,
        noted_on=days_ago(0, patient.clinic),
        outcome="resolved",
    )
    bruise_report.refresh_from_db()
    assert bruise_report.event_status == "resolved"


def test_a_severe_grade_makes_her_report_serious(bruise_report, practitioner):
    review(practitioner, bruise_report, severity="severe")
    bruise_report.refresh_from_db()
    assert bruise_report.serious


def test_correcting_a_serious_type_to_a_mild_bruise_clears_the_serious_flag(
    serious_report, practitioner
):
    review(practitioner, serious_report, event_type="bruising")
    serious_report.refresh_from_db()
    assert not serious_report.serious


def test_a_severity_is_required_and_a_grade_must_agree_with_it(bruise_report, practitioner):
    with pytest.raises(DomainError, match="Choose the severity"):
        review(practitioner, bruise_report, severity="")
    with pytest.raises(DomainError, match="CTCAE grade 3"):
        review(practitioner, bruise_report, severity="mild", ctcae_grade=3)
    assert not PatientReportReview.objects.exists()


def test_a_report_is_reviewed_once(bruise_report, practitioner):
    review(practitioner, bruise_report)
    with pytest.raises(DomainError, match="already been reviewed"):
        review(practitioner, bruise_report)


def test_an_event_the_clinic_recorded_is_not_reviewed_as_a_patients_report(practitioner, patient):
    with pytest.raises(DomainError, match="Only an event the patient reported"):
        review(practitioner, record(patient, practitioner))


def test_the_practitioner_reviews_it_on_the_event_page(bruise_report, logged_in):
    page = logged_in.get(f"/adverse-events/{bruise_report.id}/").content.decode()
    assert "Reported by the patient" in page
    assert "Not graded yet" in page
    assert "Add a follow-up" not in page

    response = logged_in.post(
        f"/adverse-events/{bruise_report.id}/report-review/",
        {"event_type": "bruising", "severity": "mild", "area": "thighs", "side": "left"},
    )
    assert response.status_code == 302
    assert (
        "Add a follow-up" in logged_in.get(f"/adverse-events/{bruise_report.id}/").content.decode()
    )


def test_a_review_without_a_severity_is_refused_beside_the_severity(bruise_report, logged_in):
    response = logged_in.post(
        f"/adverse-events/{bruise_report.id}/report-review/",
        {"event_type": "bruising", "area": "thighs"},
    )
    assert response.status_code == 422
    assert response.context["report_form"].errors["severity"]


def test_the_api_reviews_it_and_shows_it_reported_by_the_patient(bruise_report, logged_in):
    before = logged_in.get(f"/api/v1/adverse-events/{bruise_report.id}").json()
    assert before["reported_by_patient"]
    assert before["awaiting_report_review"]

    response = logged_in.post(
        f"/api/v1/adverse-events/{bruise_report.id}/report-review",
        {"event_type": "bruising", "severity": "moderate", "area": "thighs", "side": "right"},
        content_type="application/json",
    )
    assert response.status_code == 201
    after = response.json()
    assert not after["awaiting_report_review"]
    assert after["report_review"]["changes"]["side"] == ["", "right"]


def test_the_api_refuses_a_review_that_sends_what_the_server_derives(bruise_report, logged_in):
    response = logged_in.post(
        f"/api/v1/adverse-events/{bruise_report.id}/report-review",
        {"event_type": "bruising", "severity": "mild", "serious": False},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_another_clinics_staff_get_404_for_her_report_its_review_and_its_photo(
    held, ada_account, patient, outsider
):
    event = report(patient, photo=jpeg())
    photo_id = event.photos.get().id
    other = client_for(outsider)
    assert other.get(f"/adverse-events/{event.id}/").status_code == 404
    assert other.post(f"/adverse-events/{event.id}/report-review/", {}).status_code == 404
    assert other.get(f"/adverse-event-photos/{photo_id}/").status_code == 404
    assert other.get(f"/api/v1/adverse-event-photos/{photo_id}").status_code == 404
    assert other.get(f"/clinics/{patient.clinic_id}/adverse-events/follow-up/").status_code == 404


def test_her_photo_is_readable_by_her_clinics_practitioner_not_its_front_desk(
    held, ada_account, patient, logged_in, front_desk
):
    event = report(patient, photo=jpeg())
    photo_id = event.photos.get().id
    page = logged_in.get(f"/adverse-events/{event.id}/").content.decode()
    assert f"/adverse-event-photos/{photo_id}/thumbnail/" in page
    response = logged_in.get(f"/adverse-event-photos/{photo_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert client_for(front_desk).get(f"/adverse-event-photos/{photo_id}/").status_code == 404


def test_the_day_list_raises_her_serious_report_with_her_phone(
    serious_report, bruise_report, logged_in, patient
):
    patient.phone = "07700 900123"
    patient.save()
    page = logged_in.get("/").content.decode()
    assert "1 serious side effect reported by patients: call the patient today" in page
    assert "2 side effects reported by patients, awaiting review" in page
    assert "tel:07700 900123" in page
    # At the top of the day list, above the appointments, for the serious one alone.
    alert = page.index("Ada Lovelace reported allergic reaction since")
    assert alert < page.index("No appointments today")
    assert "reported bruising" not in page


def test_the_admins_dashboard_lists_her_serious_report_for_review_ungraded(
    serious_report, clinic_admin
):
    page = client_for(clinic_admin).get("/").content.decode()
    assert "1 serious event awaiting your review" in page
    assert "Not graded yet (reported by the patient)" in page


def test_the_patients_event_list_marks_her_report_awaiting_review(
    bruise_report, logged_in, patient
):
    page = logged_in.get(f"/patients/{patient.id}/adverse-events/").content.decode()
    assert "Reported by the patient, awaiting review" in page


def test_the_event_page_shows_what_the_review_changed_from_what_she_reported(
    bruise_report, practitioner, logged_in
):
    review(practitioner, bruise_report, severity="moderate")
    page = logged_in.get(f"/adverse-events/{bruise_report.id}/").content.decode()
    assert "As reported → as reviewed" in page
    assert "Severity: — → moderate" in page
    assert "Body area: — → thighs" in page


def test_the_follow_up_list_in_the_api_marks_her_report_awaiting_review(
    bruise_report, logged_in, riverside
):
    listed = logged_in.get(f"/api/v1/clinics/{riverside.id}/adverse-events/follow-up").json()
    assert [(row["event"]["id"], row["awaiting_report_review"]) for row in listed["events"]] == [
        (bruise_report.id, True)
    ]
    assert listed["events"][0]["event"]["severity"] == ""
