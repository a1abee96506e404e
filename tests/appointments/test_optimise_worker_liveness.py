"""The optimiser's runs on the task queue, as the page shows them: a run is queued for a
worker, never searched in the request; a queued run no worker took says so; a run whose
worker fell silent is failed with when it stopped, and never blocks a new run."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.appointments.optimiser.runs import optimiser_run_start
from tests.appointments.optimise_pages import form, queued, url
from tests.conftest import actor, client_for
from tests.tasks.queue_helpers import run_queue, run_queued_jobs  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_queue")]


def test_a_run_whose_worker_fell_silent_is_shown_failed_with_when_it_stopped(
    next_week_course, clinic_admin, today, settings
):
    settings.WORKER_SILENCE_SECONDS = 60
    last_beat = timezone.now() - timedelta(seconds=61)
    run = queued(
        next_week_course.clinic,
        clinic_admin,
        today,
        status=OptimiserRunStatus.RUNNING,
        heartbeat_at=last_beat,
    )

    page = client_for(clinic_admin).get(url("optimise_run", run)).content.decode()

    run.refresh_from_db()
    at = timezone.localtime(last_beat, ZoneInfo("Europe/London")).strftime("%H:%M")
    assert run.status == OptimiserRunStatus.FAILED
    assert run.message == (
        f"The worker running this search stopped at {at} (no sign of life for over a "
        "minute); nothing was booked. Start a new run."
    )
    assert run.message in page
    assert 'hx-trigger="every 1s"' not in page


def test_a_running_run_that_beat_recently_keeps_running(
    next_week_course, clinic_admin, today, settings
):
    settings.WORKER_SILENCE_SECONDS = 60
    run = queued(
        next_week_course.clinic,
        clinic_admin,
        today,
        status=OptimiserRunStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(seconds=50),
    )

    page = client_for(clinic_admin).get(url("optimise_run", run)).content.decode()

    run.refresh_from_db()
    assert run.status == OptimiserRunStatus.RUNNING
    assert 'hx-trigger="every 1s"' in page


def test_a_queued_run_no_worker_took_says_it_waits_for_a_worker(
    next_week_course, clinic_admin, today
):
    run = queued(next_week_course.clinic, clinic_admin, today)
    admin = client_for(clinic_admin)
    OptimiserRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(seconds=30))

    fragment = admin.get(url("optimise_progress", run)).content.decode()

    assert "Waiting for a worker — is <code>mesoclinic worker</code> running?" in fragment
    assert 'hx-trigger="every 1s"' in fragment


def test_a_run_started_from_the_page_is_queued_for_a_worker_not_searched_in_the_request(
    next_week_course, clinic_admin, today
):
    admin = client_for(clinic_admin)

    admin.post(url("optimise", clinic=next_week_course.clinic), form(today))

    run = OptimiserRun.objects.get()
    job = DBTaskResult.objects.get()
    assert run.status == OptimiserRunStatus.QUEUED
    assert job.task_path == "mesoclinic.appointments.optimiser.tasks.optimiser_run_search"
    assert job.args_kwargs["kwargs"]["run_id"] == run.id
    assert run_queued_jobs() == 1
    run.refresh_from_db()
    assert run.status == OptimiserRunStatus.DONE
    assert run.heartbeat_at is not None


def test_a_run_whose_worker_fell_silent_never_blocks_a_new_one(
    next_week_course, clinic_admin, today, settings
):
    settings.WORKER_SILENCE_SECONDS = 60
    dead = queued(
        next_week_course.clinic,
        clinic_admin,
        today,
        status=OptimiserRunStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=2),
    )
    admin = client_for(clinic_admin)

    answer = admin.post(url("optimise", clinic=next_week_course.clinic), form(today))

    dead.refresh_from_db()
    assert answer.status_code == 302
    assert dead.status == OptimiserRunStatus.FAILED
    assert "stopped at" in dead.message
    assert run_queued_jobs() == 1
    assert OptimiserRun.objects.exclude(pk=dead.pk).get().status == OptimiserRunStatus.DONE


def test_a_batch_worker_runs_the_queued_runs_and_exits(next_week_course, clinic_admin, today):
    run = optimiser_run_start(
        actor=actor(clinic_admin),
        clinic_id=next_week_course.clinic_id,
        first_day=today + timedelta(days=1),
        weeks=16,
        time_limit=1,
        movable=False,
    )

    call_command("worker", "--batch")

    run.refresh_from_db()
    assert run.status == OptimiserRunStatus.DONE
    assert run.result is not None


def test_a_run_whose_job_a_worker_took_but_never_started_is_failed_not_left_waiting(
    next_week_course, clinic_admin, today, settings
):
    settings.WORKER_SILENCE_SECONDS = 60
    run = optimiser_run_start(
        actor=actor(clinic_admin),
        clinic_id=next_week_course.clinic_id,
        first_day=today + timedelta(days=1),
        weeks=16,
        time_limit=1,
        movable=False,
    )
    # What a worker killed between taking the job and starting the search leaves behind.
    taken = timezone.now() - timedelta(minutes=2)
    DBTaskResult.objects.filter(id=run.job_id).update(status="RUNNING", started_at=taken)
    OptimiserRun.objects.filter(pk=run.pk).update(started_at=taken)

    page = client_for(clinic_admin).get(url("optimise_run", run)).content.decode()

    run.refresh_from_db()
    assert run.status == OptimiserRunStatus.FAILED
    assert "no sign of life for over a minute" in run.message
    assert run.message in page
    assert "Waiting for a worker" not in page
    assert DBTaskResult.objects.get(id=run.job_id).status == "FAILED"


def test_a_run_still_waiting_in_the_queue_is_not_failed_however_long_it_waits(
    next_week_course, clinic_admin, today, settings
):
    settings.WORKER_SILENCE_SECONDS = 60
    run = optimiser_run_start(
        actor=actor(clinic_admin),
        clinic_id=next_week_course.clinic_id,
        first_day=today + timedelta(days=1),
        weeks=16,
        time_limit=1,
        movable=False,
    )
    OptimiserRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=1))

    page = client_for(clinic_admin).get(url("optimise_run", run)).content.decode()

    run.refresh_from_db()
    assert run.status == OptimiserRunStatus.QUEUED
    assert "Waiting for a worker" in page
