"""Her course page: sessions done, booked and still to book, each booked one with Move and
Cancel while the window is open, else the clinic's number; her courses listed at home."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.portal.models import PortalSettings
from tests.appointments.booking_helpers import book_whole_course
from tests.conftest import client_for
from tests.portal.booking.conftest import CLINIC_PHONE


def test_her_home_lists_her_course(ada_client, next_week_course):
    page = ada_client.get("/portal/").content.decode()
    assert f'href="/portal/courses/{next_week_course.id}/"' in page


def test_the_course_page_shows_booked_sessions_with_day_time_and_first_name_only(
    ada_client, booked, next_week_course
):
    page = ada_client.get(f"/portal/courses/{next_week_course.id}/").content.decode()
    assert "Session 1</strong>" in page
    assert "10:00–11:00, with Nora" in page
    assert "Quill" not in page  # first names only
    assert "Room 1" not in page  # the room is the clinic's business
    assert f"/portal/appointments/{booked[0].id}/move/" in page
    assert f"/portal/appointments/{booked[0].id}/cancel/" in page


def test_a_session_inside_the_window_says_to_call_instead_of_offering_changes(
    ada_client, booked, next_week_course
):
    PortalSettings.objects.filter(clinic=next_week_course.clinic).update(cancel_hours_before=336)
    soon = [a for a in booked if a.starts_at - timezone.now() < timedelta(hours=336)]
    page = ada_client.get(f"/portal/courses/{next_week_course.id}/").content.decode()
    assert soon, "the first session falls within two weeks"
    assert f"/portal/appointments/{soon[0].id}/move/" not in page
    assert f"please call the clinic on {CLINIC_PHONE}" in page


def test_an_unbooked_course_offers_to_find_times_for_every_session(
    ada_client, online, next_week_course
):
    page = ada_client.get(f"/portal/courses/{next_week_course.id}/").content.decode()
    assert "Nothing booked at the moment." in page
    assert f"/portal/courses/{next_week_course.id}/book/" in page


def test_without_online_booking_the_page_says_to_call(ada_client, online, next_week_course):
    online.online_booking = False
    online.save()
    page = ada_client.get(f"/portal/courses/{next_week_course.id}/").content.decode()
    assert f"/portal/courses/{next_week_course.id}/book/" not in page
    assert f"To book, please call the clinic on {CLINIC_PHONE}." in page


def test_reading_her_course_is_audited(ada_client, booked, next_week_course, patient):
    ada_client.get(f"/portal/courses/{next_week_course.id}/")
    assert AuditEvent.objects.filter(
        patient_id=patient.id,
        action=Action.READ,
        via="portal",
        target=f"portal course {next_week_course.id}",
    ).exists()


def test_another_patient_and_another_clinics_patient_get_404(
    bea_client, grace_client, booked, next_week_course
):
    for client in (bea_client, grace_client):
        assert client.get(f"/portal/courses/{next_week_course.id}/").status_code == 404
        assert client.get(f"/portal/courses/{next_week_course.id}/book/").status_code == 404
        assert client.get(f"/portal/appointments/{booked[0].id}/move/").status_code == 404
        assert client.get(f"/portal/appointments/{booked[0].id}/cancel/").status_code == 404


def test_staff_get_404_from_her_course_pages(practitioner, front_desk, booked, next_week_course):
    for user in (practitioner, front_desk):
        client = client_for(user)
        assert client.get(f"/portal/courses/{next_week_course.id}/").status_code == 404
        assert client.get(f"/portal/appointments/{booked[0].id}/move/").status_code == 404


def _queries(client, course) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/portal/courses/{course.id}/").status_code == 200
    return len(queries)


def test_the_course_page_costs_a_fixed_number_of_queries_however_many_sessions_are_booked(
    ada_client, online, next_week_course, front_desk, practitioner
):
    unbooked = _queries(ada_client, next_week_course)
    book_whole_course(next_week_course, front_desk, practitioner)
    # 24, and one for the documents the clinic shared from the course.
    assert _queries(ada_client, next_week_course) == unbooked <= 25


def test_a_session_she_cancelled_counts_as_still_to_book(ada_client, booked, next_week_course):
    ada_client.post(f"/portal/appointments/{booked[4].id}/cancel/")
    page = ada_client.get(f"/portal/courses/{next_week_course.id}/").content.decode()
    assert f"{len(booked) - 1} booked, 1 still to book." in page
    assert "Cancelled, to book again: session 5." in page


def test_the_api_lists_her_courses_and_says_what_the_page_says(
    ada_client, booked, next_week_course
):
    listed = ada_client.get("/api/v1/portal/courses").json()
    assert [c["id"] for c in listed] == [next_week_course.id]
    course = ada_client.get(f"/api/v1/portal/courses/{next_week_course.id}").json()
    page = ada_client.get(f"/portal/courses/{next_week_course.id}/").content.decode()
    first = course["booked"][0]
    assert first["practitioner"] == "Nora"
    assert first["local_start"].endswith("T10:00")
    assert first["may_change_online"]
    assert f"0 of {course['sessions']} sessions done, {len(course['booked'])} booked." in page
    assert "room" not in str(course).lower()


def test_other_patients_see_none_of_her_courses_in_the_api(bea_client, grace_client, booked):
    for client in (bea_client, grace_client):
        assert client.get("/api/v1/portal/courses").json() == []


def test_where_the_clinic_books_first_sessions_the_page_says_so_instead_of_find_times(
    ada_client, online, next_week_course
):
    online.first_session_by_staff = True
    online.save()
    page = ada_client.get(f"/portal/courses/{next_week_course.id}/").content.decode()
    assert "Your first session is booked by the clinic" in page
    assert f"/portal/courses/{next_week_course.id}/book/" not in page


def test_her_home_gives_her_next_session(ada_client, booked):
    page = ada_client.get("/portal/").content.decode()
    first = to_wall(booked[0].starts_at, booked[0].clinic)
    assert f"next {first:%A} {first.day} {first:%B}, 10:00" in page


def test_the_api_gives_her_next_session_as_the_home_page_does(ada_client, booked):
    [course] = ada_client.get("/api/v1/portal/courses").json()
    assert course["next_start"].replace("Z", "+00:00") == booked[0].starts_at.isoformat()


def test_her_last_session_cancelled_is_simply_still_to_book_as_the_search_offers_it(
    ada_client, booked, next_week_course
):
    # Nothing is booked after it, so no neighbours to fit between: she finds a time herself.
    last = booked[-1]
    ada_client.post(f"/portal/appointments/{last.id}/cancel/")
    page = ada_client.get(f"/portal/courses/{next_week_course.id}/").content.decode()
    plans = ada_client.get(f"/portal/courses/{next_week_course.id}/book/").content.decode()
    assert f"Session {last.number}.</p>" in page
    assert "Cancelled, to book again" not in page
    assert f"/portal/courses/{next_week_course.id}/book/" in page
    assert f"Session {last.number}: " in plans


def test_a_session_cancelled_between_booked_ones_is_not_offered_by_the_search(
    ada_client, booked, next_week_course
):
    ada_client.post(f"/portal/appointments/{booked[4].id}/cancel/")
    course = ada_client.get(f"/api/v1/portal/courses/{next_week_course.id}").json()
    assert course["to_book"] == []
    assert course["to_place_again"] == [5]
