"""The booking search starts where the course does: today while today has times left, by
the clinic's clock, which the tests pass in; and it keeps the patient's wishes, or says
plainly that it cannot and shows what comes nearest."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse

from mesoclinic.appointments.booking.options import session_options
from mesoclinic.appointments.booking.plans import search
from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.scheduling.model import PartOfDay, Preferences
from tests.appointments.booking_helpers import book_whole_course
from tests.appointments.conftest import WEDNESDAY
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db


def wednesday_mornings_with(practitioner) -> Preferences:
    return Preferences(
        weekdays=frozenset({WEDNESDAY}),
        part_of_day=PartOfDay.MORNING,
        practitioner_id=str(practitioner.id),
    )


@pytest.mark.parametrize(
    ("days_before", "clock"),
    [(0, time(8)), (1, time(12)), (2, time(18)), (5, time(9, 30))],
    ids=["the first wednesday at 08:00", "tuesday noon", "monday evening", "friday before"],
)
def test_the_search_starts_on_the_courses_first_wednesday_whatever_the_day(
    next_week_course, practitioner, colleague, days_before, clock
):
    first = next_week_course.dates[0]
    now = datetime.combine(first - timedelta(days=days_before), clock)

    found = search(next_week_course, wednesday_mornings_with(practitioner), now)

    assert len(found.plans) == 5
    assert found.wish_unmet == ""
    best = found.plans[0].appointments
    assert [a.start.date() for a in best] == list(next_week_course.dates)
    # Three hour-long morning starts apart: 09:00, 10:00 and 11:00.
    for plan in found.plans[:3]:
        assert {a.start.weekday() for a in plan.appointments} == {WEDNESDAY}
        assert all(a.start.time() < time(12) for a in plan.appointments)
        assert {a.practitioner_id for a in plan.appointments} == {str(practitioner.id)}


def test_on_the_first_day_only_the_times_still_ahead_are_offered(
    next_week_course, practitioner, colleague
):
    first = next_week_course.dates[0]
    now = datetime.combine(first, time(10, 5))

    found = search(next_week_course, wednesday_mornings_with(practitioner), now)

    firsts = [plan.appointments[0].start for plan in found.plans]
    assert all(start >= now for start in firsts)
    assert firsts[0] == datetime.combine(first, time(10, 15))


def test_a_wish_that_cannot_be_kept_is_said_plainly_with_the_nearest_plans(
    next_week_course, front_desk, practitioner, colleague
):
    # The clinic is closed at weekends: Saturday mornings cannot be had.
    url = reverse("appointments:course", kwargs={"course_id": next_week_course.id})
    page = client_for(front_desk).get(
        url, {"weekdays": "5", "part_of_day": "morning", "search": "1"}
    )

    html = page.content.decode()
    assert (
        "No plan keeps every wish (Saturdays, mornings) inside the sessions&#x27; windows" in html
    )
    assert "Book plan 1" in html


def test_the_api_says_so_too(next_week_course, front_desk, colleague):
    answer = client_for(front_desk).post(
        f"/api/v1/courses/{next_week_course.id}/availability",
        {"weekdays": [5]},
        content_type="application/json",
    )

    body = answer.json()
    assert body["detail"].startswith("No plan keeps every wish (Saturdays)")
    assert len(body["plans"]) == 5


def test_the_nearest_plans_on_the_page_and_the_api_each_keep_all_wishes_but_one(
    next_week_course, front_desk, colleague
):
    # Saturdays cannot be had; mornings can: every plan is mornings, none breaks both.
    desk = client_for(front_desk)
    url = reverse("appointments:course", kwargs={"course_id": next_week_course.id})

    page = desk.get(url, {"weekdays": "5", "part_of_day": "morning", "search": "1"})
    answer = desk.post(
        f"/api/v1/courses/{next_week_course.id}/availability",
        {"weekdays": [5], "part_of_day": "morning"},
        content_type="application/json",
    ).json()

    assert "each keeping all of them but one" in page.content.decode()
    assert answer["detail"].endswith("these come nearest, each keeping all of them but one.")
    starts = [s["start"] for plan in answer["plans"] for s in plan["sessions"]]
    assert answer["plans"]
    assert all(datetime.fromisoformat(start).time() < time(12) for start in starts)


def test_options_to_place_a_session_again_start_now_as_the_booking_search_does(
    next_week_course, front_desk, practitioner, colleague
):
    # Every session on Wednesdays at 10:00; the second is cancelled, and it is now 10:05
    # that Wednesday: its 10:00 has gone, the rest of the day has not.
    booked = book_whole_course(next_week_course, front_desk, practitioner)
    row = appointment_cancel(
        actor=actor(front_desk), appointment_id=booked[1].id, status="cancelled_patient"
    )
    now = datetime.combine(next_week_course.dates[1], time(10, 5))

    options, why_none = session_options(row, now)

    starts = [option.appointments[0].start for option in options]
    assert why_none == ""
    assert all(start >= now for start in starts)
    assert now.date() in {start.date() for start in starts}
