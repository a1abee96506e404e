"""The optimiser pages: an admin starts a run, watches its progress, reads the proposal
beside greedy and applies it. Anyone but the clinic's admins gets 404; POSTs need CSRF."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mesoclinic.appointments.models import Appointment, OptimiserRun, OptimiserRunStatus
from mesoclinic.appointments.optimiser import execute
from tests.appointments.optimise_helpers import (  # noqa: F401
    SECONDS,
    WEEKS,
    hillcrest_admin,
    night_shift,
)
from tests.appointments.optimise_pages import form, queued, start, url
from tests.conftest import client_for
from tests.tasks.queue_helpers import run_queue, run_queued_jobs  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_queue")]


def test_an_admin_starts_a_run_and_sees_the_proposal_beside_greedy(
    next_week_course, second_course, clinic_admin, colleague, today
):
    admin = client_for(clinic_admin)
    run = start(admin, next_week_course.clinic, today)

    page = admin.get(url("optimise_run", run)).content.decode()

    total = next_week_course.sessions_planned + second_course.sessions_planned
    assert "First come (greedy)" in page
    assert f"{total} of {total}" in page
    assert "Ada Lovelace" in page
    assert "Mary Somerville" in page
    assert "Apply: book 2 courses" in page
    assert 'hx-trigger="every 1s"' not in page
    assert not Appointment.objects.exists()


def test_apply_books_the_proposal_once_and_says_what_booked(
    next_week_course, second_course, clinic_admin, colleague, today
):
    admin = client_for(clinic_admin)
    run = start(admin, next_week_course.clinic, today)

    applied = admin.post(url("optimise_apply", run), follow=True)
    again = admin.post(url("optimise_apply", run), follow=True)

    total = next_week_course.sessions_planned + second_course.sessions_planned
    assert Appointment.objects.count() == total
    assert (
        f"Written: {total} new appointments and 0 booked appointments moved, for 2 courses."
        in applied.content.decode()
    )
    assert f"{next_week_course.sessions_planned} sessions booked" in applied.content.decode()
    assert "applied already" in again.content.decode()
    assert "Apply: book" not in again.content.decode()


def test_the_progress_fragment_polls_every_second_while_running(
    next_week_course, clinic_admin, today
):
    admin = client_for(clinic_admin)
    run = queued(
        next_week_course.clinic,
        clinic_admin,
        today,
        status=OptimiserRunStatus.RUNNING,
        progress={"phase": "search", "placed": 3, "total": 11, "objective": 3000, "bound": 3300},
    )

    running = admin.get(url("optimise_progress", run)).content.decode()

    assert 'hx-trigger="every 1s"' in running
    assert "<progress" in running
    assert "3 of 11" in running


def test_the_progress_fragment_shows_done_with_the_proposal(
    next_week_course, clinic_admin, colleague, today
):
    admin = client_for(clinic_admin)
    run = start(admin, next_week_course.clinic, today)

    fragment = admin.get(url("optimise_progress", run)).content.decode()

    assert "Done in" in fragment
    assert 'value="100"' in fragment
    assert "hx-trigger" not in fragment
    assert "Apply: book 1 course" in fragment
    assert "<html" not in fragment


def test_a_failed_run_says_so_without_a_traceback(
    monkeypatch, next_week_course, clinic_admin, today
):
    def broken(**_):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(execute, "batch_propose", broken)
    admin = client_for(clinic_admin)
    run = start(admin, next_week_course.clinic, today)

    page = admin.get(url("optimise_run", run)).content.decode()

    run.refresh_from_db()
    assert run.status == OptimiserRunStatus.FAILED
    assert execute.FAILED in page
    assert "internal detail" not in page
    assert "Traceback" not in page


@pytest.mark.usefixtures("night_shift")
def test_a_proposal_that_fails_the_check_is_never_offered_and_the_run_says_why(
    next_week_course, clinic_admin, today
):
    admin = client_for(clinic_admin)
    run = start(admin, next_week_course.clinic, today)
    page = admin.get(url("optimise_run", run)).content.decode()

    run.refresh_from_db()
    assert run.status == OptimiserRunStatus.FAILED
    assert run.result is None
    assert "failed the independent check" in run.message
    assert "03:00" in run.message
    assert "failed the independent check" in page
    assert "Apply" not in page
    assert admin.post(url("optimise_apply", run), follow=True).status_code == 200
    assert not Appointment.objects.filter(course=next_week_course).exists()


def test_bad_input_is_refused_beside_the_field(next_week_course, clinic_admin, today):
    admin = client_for(clinic_admin)

    too_long = admin.post(
        url("optimise", clinic=next_week_course.clinic), form(today, time_limit=500)
    )
    today_ = admin.post(
        url("optimise", clinic=next_week_course.clinic), form(today, first_day=today.isoformat())
    )

    assert too_long.status_code == 422
    assert "field-error" in too_long.content.decode()
    assert today_.status_code == 422
    assert "Start from tomorrow" in today_.content.decode()
    assert not OptimiserRun.objects.exists()


@pytest.mark.parametrize("first_day", ["9999-12-31", "0001-01-01"])
def test_a_first_day_outside_1900_to_2100_is_refused_beside_the_field(
    first_day, next_week_course, clinic_admin, today
):
    answer = client_for(clinic_admin).post(
        url("optimise", clinic=next_week_course.clinic), form(today, first_day=first_day)
    )

    assert answer.status_code == 422
    assert "Use a date between 1900 and 2100." in answer.content.decode()
    assert not OptimiserRun.objects.exists()


def test_a_second_run_waits_for_the_first_to_end(next_week_course, clinic_admin, today):
    queued(
        next_week_course.clinic,
        clinic_admin,
        today,
        status=OptimiserRunStatus.RUNNING,
        heartbeat_at=timezone.now(),
    )

    answer = client_for(clinic_admin).post(
        url("optimise", clinic=next_week_course.clinic), form(today)
    )

    assert answer.status_code == 422
    assert "still going" in answer.content.decode()
    assert OptimiserRun.objects.count() == 1


@pytest.mark.parametrize("who", ["front_desk", "practitioner", "hillcrest_admin"])
def test_everyone_but_the_clinic_s_admins_gets_404_on_every_optimise_page(
    who, request, next_week_course, clinic_admin, today
):
    run = queued(next_week_course.clinic, clinic_admin, today, status=OptimiserRunStatus.DONE)
    other = client_for(request.getfixturevalue(who))
    clinic = next_week_course.clinic

    assert other.get(url("optimise", clinic=clinic)).status_code == 404
    assert other.post(url("optimise", clinic=clinic), form(today)).status_code == 404
    assert other.get(url("optimise_run", run)).status_code == 404
    assert other.get(url("optimise_progress", run)).status_code == 404
    assert other.post(url("optimise_apply", run)).status_code == 404
    assert OptimiserRun.objects.count() == 1


def test_a_run_of_another_clinic_is_not_found_under_this_one(
    next_week_course, clinic_admin, hillcrest, today
):
    run = queued(hillcrest, clinic_admin, today)
    wrong = reverse(
        "appointments:optimise_run",
        kwargs={"clinic_id": next_week_course.clinic_id, "run_id": run.id},
    )

    assert client_for(clinic_admin).get(wrong).status_code == 404


def test_posts_without_a_csrf_token_are_refused(next_week_course, clinic_admin, today):
    run = queued(next_week_course.clinic, clinic_admin, today, status=OptimiserRunStatus.DONE)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(clinic_admin)

    assert (
        strict.post(url("optimise", clinic=next_week_course.clinic), form(today)).status_code == 403
    )
    assert strict.post(url("optimise_apply", run)).status_code == 403
    assert OptimiserRun.objects.count() == 1


def test_the_schedule_links_to_the_optimiser_for_admins_only(
    next_week_course, clinic_admin, front_desk, today
):
    day = reverse(
        "appointments:day",
        kwargs={"clinic_id": next_week_course.clinic_id, "day": today.isoformat()},
    )

    assert "Optimise the calendar" in client_for(clinic_admin).get(day).content.decode()
    assert "Optimise the calendar" not in client_for(front_desk).get(day).content.decode()
