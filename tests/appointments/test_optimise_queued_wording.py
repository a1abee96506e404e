"""What the run's page says while the run waits in the queue: no search has run, so it
claims no search time, no score and no ceiling, however long the wait."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mesoclinic.appointments.models import OptimiserRun
from tests.appointments.optimise_pages import queued, url
from tests.conftest import client_for

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
