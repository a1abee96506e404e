"""The booking page and endpoints: her wishes in, the plans out (the live form swaps the
results only), a plan booked by its id; refusals say what to do."""

from django.utils import timezone

from mesoclinic.appointments.models import Appointment
from mesoclinic.portal.booking.online import online_plans
from mesoclinic.scheduling.model import Preferences
from tests.appointments.booking_helpers import book_course_around
from tests.conftest import client_for


def _url(course) -> str:
    return f"/portal/courses/{course.id}/book/"


def test_the_page_shows_plans_with_day_time_and_first_name(ada_client, online, next_week_course):
    page = ada_client.get(_url(next_week_course)).content.decode()
    assert '<label for="id_part_of_day">Time of day</label>' in page
    assert "Book plan 1" in page
    assert "with Nora" in page
    assert "Room 1" not in page


def test_a_live_search_returns_the_results_only_never_the_form(
    ada_client, online, next_week_course
):
    page = ada_client.get(
        _url(next_week_course), {"part_of_day": "afternoon"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert page.lstrip().startswith('<section id="results"')
    assert 'name="part_of_day"' in page  # only as the hidden wishes of each plan
    assert "<select" not in page


def test_she_books_a_plan_from_the_page(ada_client, online, next_week_course):
    plan = online_plans(next_week_course, Preferences(), timezone.now()).plans[0]
    response = ada_client.post(
        _url(next_week_course),
        {"plan": plan.id, "part_of_day": "", "practitioner": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/portal/courses/{next_week_course.id}/"
    assert Appointment.objects.filter(course=next_week_course).count() == len(plan.appointments)


def test_a_taken_plan_is_refused_with_fresh_plans_and_her_wishes_kept(
    ada_client, online, next_week_course, second_course, front_desk
):
    wishes = Preferences(part_of_day="morning")
    plan = online_plans(next_week_course, wishes, timezone.now()).plans[0]
    first = plan.appointments[0]
    book_course_around(
        second_course, front_desk, int(first.practitioner_id), int(first.room_id), first.start
    )
    response = ada_client.post(
        _url(next_week_course), {"plan": plan.id, "part_of_day": "morning", "practitioner": ""}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "no longer free, so nothing was booked" in page
    assert '<option value="morning" selected>' in page
    assert "Book plan 1" in page
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_a_practitioner_not_booked_online_cannot_be_asked_for(
    ada_client, online, next_week_course, colleague
):
    response = ada_client.get(_url(next_week_course), {"practitioner": colleague.id})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Select a valid choice" in page  # beside the field
    assert "Correct your wishes above to see plans." in page
    assert "Every session is done or booked." not in page


def test_the_api_finds_plans_and_books_one_by_its_id(ada_client, online, next_week_course):
    found = ada_client.post(
        f"/api/v1/portal/courses/{next_week_course.id}/plans",
        {"weekdays": [], "part_of_day": "morning"},
        content_type="application/json",
    ).json()
    assert found["wishes"]["part_of_day"] == "morning"
    plan = found["plans"][0]
    assert "T" in plan["sessions"][0]["start"]
    booked = ada_client.post(
        f"/api/v1/portal/courses/{next_week_course.id}/bookings",
        {"plan_id": plan["id"], "wishes": found["wishes"]},
        content_type="application/json",
    )
    assert booked.status_code == 201
    assert [s["number"] for s in booked.json()["booked"]] == found["sessions"]


def test_the_api_refuses_a_stale_plan_with_fresh_ones(ada_client, online, next_week_course):
    response = ada_client.post(
        f"/api/v1/portal/courses/{next_week_course.id}/bookings",
        {"plan_id": "0000000000000000", "wishes": {}},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "plan_id" in response.json()["errors"]
    assert response.json()["plans"]


def test_the_api_says_when_online_booking_is_off(ada_client, online, next_week_course):
    online.online_booking = False
    online.save()
    found = ada_client.post(
        f"/api/v1/portal/courses/{next_week_course.id}/plans", {}, content_type="application/json"
    ).json()
    assert found["plans"] == []
    assert "does not take bookings online" in found["refused"]


def test_other_patients_and_staff_get_404_from_the_booking_endpoints(
    bea_client, grace_client, practitioner, online, next_week_course
):
    for client in (bea_client, grace_client, client_for(practitioner)):
        for path in ("plans", "bookings"):
            response = client.post(
                f"/api/v1/portal/courses/{next_week_course.id}/{path}",
                {"plan_id": "x", "wishes": {}} if path == "bookings" else {},
                content_type="application/json",
            )
            assert response.status_code == 404, (client, path)
        assert client.get(f"/api/v1/portal/courses/{next_week_course.id}").status_code == 404


def test_a_plan_that_misses_one_of_her_wishes_says_which(ada_client, online, next_week_course):
    # Nora works mornings and afternoons: a search for afternoons offers afternoon plans
    # first, and any morning plan after them says what it misses.
    found = ada_client.post(
        f"/api/v1/portal/courses/{next_week_course.id}/plans",
        {"part_of_day": "afternoon"},
        content_type="application/json",
    ).json()
    for plan in found["plans"]:
        afternoon = all(s["start"][11:13] >= "12" for s in plan["sessions"])
        assert (plan["misses"] == "") == afternoon
        if not afternoon:
            assert "not in the afternoon" in plan["misses"]
