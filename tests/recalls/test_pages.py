"""The recall pages: the clinic's list as the desk reads it, a recall with its forms, the
count on the day list, and 404 for anyone outside the clinic."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mesoclinic.recalls.models import RecallEntry
from tests.conftest import client_for
from tests.recalls.conftest import YEAR, completed_preventive, make_patient, recall_of

pytestmark = pytest.mark.django_db


def list_page(user, recall, query=""):
    return client_for(user).get(f"/clinics/{recall.clinic_id}/recalls/{query}")


def test_the_list_shows_overdue_then_due_recalls_with_how_to_reach_each_patient(
    overdue, due_soon, front_desk, today
):
    response = list_page(front_desk, overdue)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Ada Lovelace") < page.index("Mary Somerville")
    assert f'href="/patients/{overdue.patient_id}/"' in page
    assert "07700 900123" in page  # as the clinic's country writes it
    assert "ada@example.org" in page
    held = overdue.course.last_session_on
    assert f"NM grade 1, last session {held.isoformat()}" in page
    assert (today - timedelta(days=10)).isoformat() in page
    assert f'href="/recalls/{overdue.id}/"' in page
    assert [row.days_overdue for row in response.context["found"].rows] == [10, 0]


def test_a_patient_who_does_not_allow_contact_is_listed_marked_without_a_call_button(
    do_not_contact, front_desk
):
    page = list_page(front_desk, do_not_contact).content.decode()

    assert "Emmy Noether" in page
    assert "do not contact" in page
    assert "have not agreed to be contacted: no call is made" in page
    assert "Record a call" not in page


def test_the_lists_heading_counts_only_the_recalls_the_desk_may_call(
    overdue, do_not_contact, front_desk
):
    response = list_page(front_desk, overdue)

    page = response.content.decode()
    assert "1 recall to call" in page
    assert "1 not to contact" in page
    found = response.context["found"]
    assert [row.recall for row in found.to_call] == [overdue]
    assert [row.recall for row in found.not_to_contact] == [do_not_contact]


def test_an_unanswered_call_leaves_the_recall_overdue_from_its_due_date(
    overdue, front_desk, riverside
):
    desk = client_for(front_desk)
    desk.post(f"/recalls/{overdue.id}/call/", {"outcome": "no_answer"})

    response = list_page(front_desk, overdue)

    overdue.refresh_from_db()
    assert [row.days_overdue for row in response.context["found"].rows] == [10]
    page = response.content.decode()
    assert "10 days" in page
    assert f"next try {overdue.call_on.day} {overdue.call_on:%b}" in page
    today_page = desk.get(f"/today/{riverside.id}/").content.decode()
    assert "1 maintenance recall to call." in today_page


def test_the_window_filter_leaves_later_recalls_off(due_soon, front_desk):
    assert "Mary Somerville" not in list_page(front_desk, due_soon, "?within=4").content.decode()
    assert "Mary Somerville" in list_page(front_desk, due_soon, "?within=7").content.decode()


def test_a_window_that_is_not_a_number_shows_the_default(due_soon, front_desk):
    response = list_page(front_desk, due_soon, "?within=soon")

    assert response.context["found"].within_days == 30


@pytest.mark.parametrize("who", ["front_desk", "practitioner", "clinic_admin"])
def test_every_role_of_the_clinic_reads_the_list_and_a_recall(overdue, who, request):
    user = request.getfixturevalue(who)

    assert list_page(user, overdue).status_code == 200
    assert client_for(user).get(f"/recalls/{overdue.id}/").status_code == 200


@pytest.mark.parametrize("who", ["outsider", "chain_manager"])
def test_another_clinics_user_gets_404_on_the_list_a_recall_and_its_forms(overdue, who, request):
    client = client_for(request.getfixturevalue(who))

    assert client.get(f"/clinics/{overdue.clinic_id}/recalls/").status_code == 404
    assert client.get(f"/recalls/{overdue.id}/").status_code == 404
    assert client.post(f"/recalls/{overdue.id}/call/", {"outcome": "declined"}).status_code == 404
    assert (
        client.post(
            f"/recalls/{overdue.id}/postpone/", {"due_on": "2099-01-01", "reason": "x"}
        ).status_code
        == 404
    )
    assert not RecallEntry.objects.exists()


def test_the_desk_records_an_unanswered_call_and_the_list_shows_the_next_try(
    overdue, front_desk, today
):
    desk = client_for(front_desk)

    response = desk.post(
        f"/recalls/{overdue.id}/call/", {"outcome": "no_answer", "note": "Rang twice"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/clinics/{overdue.clinic_id}/recalls/"
    page = desk.get(response["Location"]).content.decode()
    assert "No answer" in page
    overdue.refresh_from_db()
    assert overdue.entries.get().note == "Rang twice"


def test_a_declined_call_takes_the_recall_off_the_list(overdue, front_desk):
    client_for(front_desk).post(f"/recalls/{overdue.id}/call/", {"outcome": "declined"})

    assert "Ada Lovelace" not in list_page(front_desk, overdue).content.decode()


def test_the_call_form_offers_her_upcoming_appointments_and_books_one(
    overdue, upcoming_visit, front_desk
):
    desk = client_for(front_desk)
    form = desk.get(f"/recalls/{overdue.id}/").content.decode()
    assert f'<option value="{upcoming_visit.id}"' in form

    response = desk.post(
        f"/recalls/{overdue.id}/call/",
        {"outcome": "booked", "appointment_id": str(upcoming_visit.id)},
    )

    assert response.status_code == 302
    overdue.refresh_from_db()
    assert (overdue.state, overdue.appointment) == ("booked", upcoming_visit)


def test_another_patients_appointment_is_refused_beside_the_field(
    overdue, upcoming_visit, due_soon, practitioner, front_desk
):
    from tests.recalls.conftest import book_visit

    marys = book_visit(due_soon.patient, practitioner, front_desk, at=time(14))

    response = client_for(front_desk).post(
        f"/recalls/{overdue.id}/call/", {"outcome": "booked", "appointment_id": str(marys.id)}
    )

    assert response.status_code == 422
    assert "not one of this patient&#x27;s upcoming appointments" in (
        str(response.context["call_form"]["appointment_id"].errors)
    )


def test_a_do_not_contact_patients_call_controls_are_disabled_and_say_why(
    do_not_contact, front_desk
):
    desk = client_for(front_desk)
    page = desk.get(f"/recalls/{do_not_contact.id}/").content.decode()

    assert 'disabled aria-describedby="no-contact-reason"' in page
    assert "has not agreed to be contacted" in page
    response = desk.post(f"/recalls/{do_not_contact.id}/call/", {"outcome": "declined"})
    assert response.status_code == 422
    assert "does not allow contact" in page_errors(response)
    assert not RecallEntry.objects.exists()


def page_errors(response) -> str:
    return " ".join(str(e) for e in response.context["call_form"].errors.values())


def test_a_postponement_without_a_reason_is_refused_beside_the_field(overdue, front_desk, today):
    response = client_for(front_desk).post(
        f"/recalls/{overdue.id}/postpone/",
        {"due_on": (today + timedelta(days=30)).isoformat(), "reason": ""},
    )

    assert response.status_code == 422
    assert response.context["postpone_form"].errors["reason"]


def test_the_list_page_and_api_read_in_the_same_number_of_queries_for_one_recall_and_five(
    overdue, riverside, practitioner, front_desk
):
    desk = client_for(front_desk)
    api = f"/api/v1/clinics/{riverside.id}/recalls"
    with CaptureQueriesContext(connection) as one:
        assert len(desk.get(f"/clinics/{riverside.id}/recalls/").context["found"].rows) == 1
    with CaptureQueriesContext(connection) as one_api:
        assert len(desk.get(api).json()["recalls"]) == 1
    for name in ("Mary", "Emmy", "Sophie", "Caroline"):
        patient = make_patient(riverside, practitioner, name, "Example")
        recall_of(completed_preventive(patient, practitioner, session_days_ago=YEAR + 1))
    client_for(front_desk).post(f"/recalls/{overdue.id}/call/", {"outcome": "no_answer"})
    with CaptureQueriesContext(connection) as five:
        assert (
            len(desk.get(f"/clinics/{riverside.id}/recalls/?within=30").context["found"].rows) == 5
        )

    with CaptureQueriesContext(connection) as five_api:
        assert len(desk.get(api).json()["recalls"]) == 5

    assert len(five.captured_queries) == len(one.captured_queries)
    assert len(five_api.captured_queries) == len(one_api.captured_queries)


def test_the_day_list_counts_the_recalls_to_call_and_links_the_list(
    overdue, due_soon, front_desk, riverside
):
    page = client_for(front_desk).get(f"/today/{riverside.id}/").content.decode()

    assert "2 maintenance recalls to call." in page
    assert f'href="/clinics/{riverside.id}/recalls/"' in page


def test_the_day_list_counts_a_patient_not_to_contact_apart_from_the_calls(
    overdue, do_not_contact, front_desk, riverside
):
    page = client_for(front_desk).get(f"/today/{riverside.id}/").content.decode()

    assert "1 maintenance recall to call, and 1 not to contact." in page


def test_the_menu_leads_to_the_recall_list_of_her_clinic(overdue, front_desk, riverside):
    desk = client_for(front_desk)

    assert 'href="/recalls/"' in desk.get(f"/clinics/{riverside.id}/recalls/").content.decode()
    response = desk.get("/recalls/")
    assert response.status_code == 302
    assert response["Location"] == f"/clinics/{riverside.id}/recalls/"


def test_reading_the_list_and_a_recall_is_written_to_the_audit_trail(overdue, front_desk):
    from mesoclinic.audit.models import Action, AuditEvent

    list_page(front_desk, overdue)
    client_for(front_desk).get(f"/recalls/{overdue.id}/")
    client_for(front_desk).get(f"/api/v1/recalls/{overdue.id}")

    reads = AuditEvent.objects.filter(action=Action.READ, actor=front_desk)
    assert reads.filter(target="recall list", clinic_id=overdue.clinic_id).count() == 1
    assert reads.filter(target=f"recall {overdue.id}", patient_id=overdue.patient_id).count() == 2


def test_the_course_page_shows_the_recall_its_completion_opened(overdue, practitioner):
    page = client_for(practitioner).get(f"/courses/{overdue.course_id}/").content.decode()

    assert 'id="recall-title"' in page
    assert f'href="/recalls/{overdue.id}/"' in page
    assert f"Due {overdue.due_on.isoformat()}" in page


def test_a_course_page_shows_no_recall_section_while_the_course_runs(active, practitioner):
    page = client_for(practitioner).get(f"/courses/{active.id}/").content.decode()

    assert 'id="recall-title"' not in page
