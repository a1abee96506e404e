"""The decision from the course page: recorded with its reason, kept in the history,
and the flag raised again by a later reassessment that still shows no change."""

from datetime import date, time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.courses.models import CourseState
from mesoclinic.formulary.models import Lot
from mesoclinic.patients.models import Patient
from mesoclinic.progress.models import NonResponderDecision
from tests.appointments.booking_helpers import book_today
from tests.conftest import client_for
from tests.progress.conftest import measure, ready_patient, running_course


def decide(client, course, decision="continue", reason="Two more sessions agreed.", **more):
    return client.post(
        f"/courses/{course.id}/non-responder-decisions/",
        {"decision": decision, "reason": reason, **more},
    )


def templates_of(response) -> list[str]:
    return [template.name for template in response.templates]


def test_a_decision_clears_the_flag_and_stays_in_the_courses_history(flat, practitioner) -> None:
    client = client_for(practitioner)
    response = decide(client, flat, "change", "Fortnightly, with another product.")
    assert response.status_code == 302
    page = client.get(f"/courses/{flat.id}/").content.decode()
    assert "Decision needed. No change on the index area" not in page
    assert "Change products or cadence" in page
    assert "Fortnightly, with another product." in page
    assert AuditEvent.objects.filter(
        action=Action.CREATE, target__startswith=f"course {flat.id} non-responder decision"
    ).exists()


def test_a_decision_without_a_reason_stays_on_the_form_with_the_error_beside_it(
    flat, practitioner
) -> None:
    response = decide(client_for(practitioner), flat, reason="")
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not NonResponderDecision.objects.exists()


def test_an_empty_decision_on_the_course_page_comes_back_to_the_course_page(
    flat, practitioner
) -> None:
    response = decide(client_for(practitioner), flat, decision="", reason="", next="course")

    assert response.status_code == 422
    assert "courses/detail.html" in templates_of(response)
    assert "progress/page.html" not in templates_of(response)
    page = response.content.decode()
    assert "<title>Progress" not in page
    assert page.count("This field is required.") == 2  # beside the decision and the reason
    assert 'name="next" value="course"' in page


def test_an_empty_decision_on_the_progress_page_comes_back_to_the_progress_page(
    flat, practitioner
) -> None:
    client = client_for(practitioner)
    assert (
        'name="next" value="progress"'
        in client.get(f"/courses/{flat.id}/progress/").content.decode()
    )

    response = decide(client, flat, decision="", reason="", next="progress")

    assert response.status_code == 422
    assert "progress/page.html" in templates_of(response)
    assert response.content.decode().count("This field is required.") == 2


def test_a_decision_made_on_the_progress_page_returns_to_the_progress_page(
    flat, practitioner
) -> None:
    response = decide(client_for(practitioner), flat, next="progress")

    assert response.status_code == 302
    assert response["Location"] == f"/courses/{flat.id}/progress/"


def test_a_next_page_outside_the_fixed_list_comes_back_to_the_course_page(
    flat, practitioner
) -> None:
    response = decide(client_for(practitioner), flat, reason="", next="https://example.org/")

    assert response.status_code == 422
    assert "courses/detail.html" in templates_of(response)
    assert "example.org" not in response.content.decode()


def test_the_reason_says_what_it_is_for(flat, practitioner) -> None:
    page = client_for(practitioner).get(f"/courses/{flat.id}/").content.decode()

    assert "Why this decision; it stays in the course&#x27;s history." in page


def test_stop_from_the_page_stops_the_course_in_the_same_step(flat, practitioner) -> None:
    decide(client_for(practitioner), flat, "stop", "No change after six sessions.")
    flat.refresh_from_db()
    assert flat.state == CourseState.STOPPED
    assert NonResponderDecision.objects.get().decision == "stop"


def test_a_later_reassessment_that_still_shows_no_change_raises_the_flag_again(
    flat, practitioner
) -> None:
    client = client_for(practitioner)
    decide(client, flat)
    measure(flat.patient, practitioner, 2, (2, 2, 1, 1), "60.5", course=flat)
    page = client.get(f"/courses/{flat.id}/").content.decode()
    assert "Decision needed. No change on the index area" in page
    assert "Two more sessions agreed." in page  # the earlier decision is kept


def test_another_clinics_user_gets_404_on_the_decision_form(flat, outsider) -> None:
    assert decide(client_for(outsider), flat).status_code == 404
    assert not NonResponderDecision.objects.exists()


def test_todays_list_shows_the_flag_on_the_flat_courses_appointment(flat, practitioner) -> None:
    book_today(flat, practitioner)
    page = client_for(practitioner).get("/").content.decode()
    assert "No change: decision needed" in page
    assert f'href="/courses/{flat.id}/#review"' in page


def test_todays_list_reads_the_reviews_without_a_query_per_row(
    flat, practitioner, riverside
) -> None:
    client = client_for(practitioner)
    book_today(flat, practitioner)
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    other = Patient.objects.create(
        clinic=riverside,
        given_name="Mary",
        family_name="Somerville",
        date_of_birth=date(1980, 1, 1),
        created_by=practitioner,
    )
    ready_patient(other, practitioner, consent_version=1)  # the form the first one signed
    second = running_course(other, practitioner, Lot.objects.get(), sessions=(3,))
    book_today(second, practitioner, at=time(11))
    with CaptureQueriesContext(connection) as two:
        page = client.get("/").content.decode()
    assert "Mary Somerville" in page
    assert len(two.captured_queries) == len(one.captured_queries)


def test_a_stopped_course_keeps_its_decision_in_view_and_asks_for_nothing(
    flat, practitioner
) -> None:
    client = client_for(practitioner)
    decide(client, flat, "stop", "No change after six sessions.")
    page = client.get(f"/courses/{flat.id}/").content.decode()
    assert "No change after six sessions." in page
    assert 'name="decision"' not in page
