"""Running queued jobs inside a test: the worker loop of django-tasks-db itself, in this
process, until the queue is empty. Tests that need a worker as a separate process start
`mesoclinic worker` instead (tests/tasks/worker_process.py)."""

import signal

import pytest
from django.conf import settings
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def run_queued_jobs() -> int:
    """Run every job queued now and any they queue; returns how many ran."""
    before = DBTaskResult.objects.finished().count()
    db_worker.Worker(
        queue_names=list(settings.MESOCLINIC_TASK_QUEUES),
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    return DBTaskResult.objects.finished().count() - before


@pytest.fixture
def run_queue(monkeypatch):
    """`run_queue()` runs the queue empty; so does `call_command("worker", "--batch")`.
    The loop recycles database connections between jobs, as a long-lived worker must; here
    that connection holds the test's transaction, so it is kept. The worker command puts
    in its own SIGINT/SIGTERM handlers; pytest's come back after the test."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    kept = {sign: signal.getsignal(sign) for sign in (signal.SIGINT, signal.SIGTERM)}
    yield run_queued_jobs
    for sign, handler in kept.items():
        signal.signal(sign, handler)
