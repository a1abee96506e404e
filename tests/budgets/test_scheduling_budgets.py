"""Query budgets of the scheduling pages and endpoints people use all day: each is read in
the same, fixed number of queries with a few appointments in its window and with many.
A budget that grows with the calendar is a page that slows down as the clinic grows."""

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mesoclinic.appointments.calendar_files.feeds import calendar_feed_create
from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.appointments.optimiser.batch_json import proposal_as_json
from mesoclinic.clinics.clock import clinic_today
from tests.appointments.conftest import (  # noqa: F401
    active,
    assess,
    bookable,
    course,
    grade_two,
    next_week,
    next_week_course,
    plan,
    ready,
    today,
)
from tests.appointments.optimise_helpers import WEEKS, propose
from tests.budgets.sched_calendar import Staffing, sched_fill, sched_staffing, weekdays_from
from tests.conftest import actor, client_for

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 50


def queries(read: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured.captured_queries)


def ok(response, showing: str = "") -> object:
    """The response, once it answered 200 with `showing` in it (the rows were read)."""
    assert response.status_code == 200, response.content[:500]
    assert showing.encode() in response.content
    return response


def at_two_sizes(staffing: Staffing, days: list[date], read: Callable[[], object]) -> list[int]:
    """The queries `read` makes with SMALL and then LARGE appointments on `days`."""
    sched_fill(staffing, days, SMALL)
    small = queries(read)
    sched_fill(staffing, days, LARGE - SMALL, already=SMALL)
    return [small, queries(read)]


@pytest.fixture
def sched_staff(bookable, next_week_course):  # noqa: F811
    return sched_staffing(bookable, next_week_course)


@pytest.fixture
def sched_week(next_week_course) -> list[date]:  # noqa: F811
    """The five weekdays from the course's first planned date (a Wednesday) on."""
    return weekdays_from(next_week_course.starts_on, 5)


def test_the_schedule_day_page_reads_in_a_fixed_number_of_queries(
    sched_staff, sched_week, front_desk
):
    desk, day = client_for(front_desk), sched_week[0]
    url = reverse("appointments:day", args=[sched_staff.rooms[0].clinic_id, day.isoformat()])

    assert at_two_sizes(sched_staff, [day], lambda: ok(desk.get(url), "Budget")) == [22, 22]


def test_the_schedule_week_page_reads_in_a_fixed_number_of_queries(
    sched_staff, sched_week, front_desk
):
    desk, day = client_for(front_desk), sched_week[0]
    url = reverse("appointments:week", args=[sched_staff.rooms[0].clinic_id, day.isoformat()])

    assert at_two_sizes(sched_staff, sched_week, lambda: ok(desk.get(url), "Budget")) == [20, 20]


def test_the_schedule_api_reads_a_month_in_a_fixed_number_of_queries(
    sched_staff, sched_week, front_desk
):
    desk, clinic_id = client_for(front_desk), sched_staff.rooms[0].clinic_id
    first, last = sched_week[0], sched_week[0] + timedelta(days=30)
    url = f"/api/v1/clinics/{clinic_id}/schedule?first={first}&last={last}"

    def read() -> None:
        assert len(ok(desk.get(url)).json()) in (SMALL, LARGE)

    assert at_two_sizes(sched_staff, sched_week, read) == [12, 12]


def test_the_course_appointments_api_reads_in_a_fixed_number_of_queries(
    sched_staff, sched_week, front_desk
):
    desk, course_ = client_for(front_desk), sched_staff.courses[0]
    one_course = Staffing(sched_staff.practitioners[:1], sched_staff.rooms[:1], [course_])
    url = f"/api/v1/courses/{course_.id}/appointments"
    days = weekdays_from(sched_week[0], 4)

    assert at_two_sizes(one_course, days, lambda: ok(desk.get(url), '"number": 1')) == [12, 12]


def test_the_booking_pages_search_reads_in_a_fixed_number_of_queries(
    sched_staff,
    sched_week,
    next_week_course,  # noqa: F811
    front_desk,
):
    desk = client_for(front_desk)
    url = reverse("appointments:course", args=[next_week_course.id])

    def search() -> None:
        assert "Book plan 1" in ok(desk.get(url, {"search": "1"})).content.decode()

    assert at_two_sizes(sched_staff, sched_week, search) == [31, 31]


def test_the_availability_api_reads_in_a_fixed_number_of_queries(
    sched_staff,
    sched_week,
    next_week_course,  # noqa: F811
    front_desk,
):
    desk = client_for(front_desk)
    url = f"/api/v1/courses/{next_week_course.id}/availability"

    def search() -> None:
        answer = ok(desk.post(url, json.dumps({}), content_type="application/json"))
        assert answer.json()["plans"]

    assert at_two_sizes(sched_staff, sched_week, search) == [23, 23]


def test_the_day_list_at_home_reads_in_a_fixed_number_of_queries(sched_staff, front_desk):
    desk = client_for(front_desk)
    today_ = clinic_today(sched_staff.rooms[0].clinic)

    # One of them counts the messages that failed to send, for the desk to send again; one
    # lists the patients whose health answers from the portal need a call.
    assert at_two_sizes(sched_staff, [today_], lambda: ok(desk.get("/"), "Budget")) == [31, 31]


def test_a_practitioners_calendar_feed_reads_in_a_fixed_number_of_queries(sched_staff, sched_week):
    person = sched_staff.practitioners[0]
    clinic_id = sched_staff.rooms[0].clinic_id
    _feed, token = calendar_feed_create(actor=actor(person), clinic_id=clinic_id)
    url = reverse("feeds:feed", kwargs={"token": token})
    client = Client()  # a calendar app, with the address alone

    assert at_two_sizes(sched_staff, sched_week, lambda: ok(client.get(url), "VEVENT")) == [7, 7]


def test_a_courses_calendar_file_reads_in_a_fixed_number_of_queries(
    sched_staff, sched_week, front_desk
):
    desk, course_ = client_for(front_desk), sched_staff.courses[0]
    one_course = Staffing(sched_staff.practitioners[:1], sched_staff.rooms[:1], [course_])
    url = reverse("feeds:course", kwargs={"course_id": course_.id})
    days = weekdays_from(sched_week[0], 4)

    assert at_two_sizes(one_course, days, lambda: ok(desk.get(url), "VEVENT")) == [13, 13]


def test_the_optimiser_page_reads_in_a_fixed_number_of_queries(
    sched_staff, sched_week, clinic_admin
):
    admin = client_for(clinic_admin)
    url = reverse("appointments:optimise", args=[sched_staff.rooms[0].clinic_id])

    # 13: the page first marks failed any run whose worker fell silent (two queries).
    assert at_two_sizes(sched_staff, sched_week, lambda: ok(admin.get(url))) == [13, 13]


def test_the_optimiser_runs_page_reads_its_proposal_in_a_fixed_number_of_queries(
    sched_staff,
    clinic_admin,
    today,  # noqa: F811
):
    clinic = sched_staff.rooms[0].clinic
    proposal = propose(clinic_admin, clinic, today)
    assert len(proposal.courses) >= 5
    admin = client_for(clinic_admin)

    def page_of(courses: int) -> int:
        run = OptimiserRun.objects.create(
            clinic=clinic,
            started_by=clinic_admin,
            first_day=proposal.first_day,
            weeks=WEEKS,
            time_limit=1,
            status=OptimiserRunStatus.DONE,
            result=proposal_as_json(replace(proposal, courses=proposal.courses[:courses])),
            finished_at=timezone.now(),
        )
        url = reverse("appointments:optimise_run", args=[clinic.id, run.id])
        return queries(lambda: ok(admin.get(url), "Apply: book"))

    assert [page_of(1), page_of(len(proposal.courses))] == [16, 16]
