"""What the run's page says while the run waits in the queue: no search has run, so it
claims no search time, no score and no ceiling, however long the wait; and once a worker
takes it, its search time counts from then, not from when it was queued."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.appointments.optimiser.runs import optimiser_run_start
from tests.appointments.optimise_pages import queued, url
from tests.conftest import actor, client_for
from tests.tasks.queue_helpers import run_queue  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_run_waiting_for_a_worker_claims_no_search_time_score_or_ceiling(
    next_week_course, clinic_admin, today
):
    run = queued(next_week_course.clinic, clinic_admin, today)
    OptimiserRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(minutes=5))

    fragment = client_for(clinic_admin).get(url("optimise_progress", run)).content.decode()

    assert "Waiting for a worker" in fragment
    assert "<dt>Search time</dt><dd>Not started yet; limit 30 s</dd>" in fragment
    assert "30.0 s of 30 s" not in fragment
    assert "Score so far" not in fragment
    assert "Ceiling" not in fragment


@pytest.mark.usefixtures("run_queue")
def test_a_run_that_waited_in_the_queue_counts_its_search_time_from_when_a_worker_took_it(
    next_week_course, clinic_admin, today
):
    run = optimiser_run_start(
        actor=actor(clinic_admin),
        clinic_id=next_week_course.clinic_id,
        first_day=today + timedelta(days=1),
        weeks=16,
        time_limit=30,
        movable=False,
    )
    now = timezone.now()
    # Queued a minute ago; a worker took it two seconds ago and is searching.
    OptimiserRun.objects.filter(pk=run.pk).update(
        started_at=now - timedelta(minutes=1), status=OptimiserRunStatus.RUNNING, heartbeat_at=now
    )
    DBTaskResult.objects.filter(id=run.job_id).update(
        status="RUNNING", started_at=now - timedelta(seconds=2)
    )

    fragment = client_for(clinic_admin).get(url("optimise_progress", run)).content.decode()

    searched = re.search(r"<dt>Search time</dt><dd>([\d.]+) s of 30 s</dd>", fragment)
    assert searched is not None
    assert 2 <= float(searched.group(1)) < 30
