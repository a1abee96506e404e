"""`mesoclinic worker`: it says which database it serves, and gives up the runs of a worker
that died before it takes any job. (Its --batch run of queued optimiser runs is tested
with the optimiser's pages.)"""

import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.clinics.clock import clinic_today
from tests.appointments.optimise_pages import queued
from tests.tasks.queue_helpers import run_queue  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_queue")]


def test_a_starting_worker_says_which_database_it_serves(db, caplog):
    caplog.set_level(logging.INFO, logger="mesoclinic.worker")

    call_command("worker", "--batch")

    started = next(r.getMessage() for r in caplog.records if r.name == "mesoclinic.worker")
    assert "serving SQLite at" in started or "serving PostgreSQL database" in started
    assert "queues default, optimiser" in started


def test_a_starting_worker_fails_the_runs_whose_worker_fell_silent(
    riverside, clinic_admin, settings
):
    settings.WORKER_SILENCE_SECONDS = 60
    clinic, today = riverside, clinic_today(riverside)
    dead = queued(
        clinic,
        clinic_admin,
        today,
        status=OptimiserRunStatus.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )
    alive = queued(
        clinic,
        clinic_admin,
        today,
        status=OptimiserRunStatus.RUNNING,
        heartbeat_at=timezone.now(),
    )

    call_command("worker", "--batch")

    assert OptimiserRun.objects.get(pk=dead.pk).status == OptimiserRunStatus.FAILED
    assert "no sign of life for over a minute" in OptimiserRun.objects.get(pk=dead.pk).message
    assert OptimiserRun.objects.get(pk=alive.pk).status == OptimiserRunStatus.RUNNING


def test_a_silence_limit_shorter_than_three_heartbeats_is_refused_at_start(tmp_path):
    env = dict(os.environ, MESOCLINIC_VAR_DIR=str(tmp_path), WORKER_HEARTBEAT_SECONDS="30")

    started = subprocess.run(
        [sys.executable, "-m", "mesoclinic", "worker", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert started.returncode != 0
    assert "WORKER_SILENCE_SECONDS must be at least three WORKER_HEARTBEAT_SECONDS" in (
        started.stderr
    )
