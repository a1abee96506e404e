"""Messages that fall due with time: producers registered with `due_producer` run from a
self-renewing job the worker keeps queued, and from `mesoclinic send-due`."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mesoclinic.messaging import due
from mesoclinic.messaging.due import due_job_ensure, due_producer
from mesoclinic.messaging.models import Message
from mesoclinic.messaging.tasks import messages_due_send
from tests.messaging.conftest import queue_hello


@pytest.fixture
def producers(monkeypatch, patient):
    """A producer that queues a hello for Ada, keyed by day: running it again queues none."""
    monkeypatch.setattr(due, "PRODUCERS", {})
    runs = []

    @due_producer
    def hellos_due(now):
        runs.append(now)
        before = Message.objects.count()
        queue_hello(patient, key=f"hello:{patient.id}:{now.date().isoformat()}")
        return Message.objects.count() - before

    return runs


def waiting_due_jobs():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=messages_due_send.module_path
    )


def test_send_due_runs_every_producer_once_and_a_second_run_queues_nothing(
    producers, console, capsys
):
    console(["send-due"])
    console(["send-due"])
    assert len(producers) == 2
    assert Message.objects.count() == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith("hellos_due: 0 queued")


def test_a_failing_producer_does_not_stop_the_others_and_send_due_says_so(
    producers, monkeypatch, capsys
):
    @due_producer
    def broken_due(now):
        raise RuntimeError("a bug in one producer")

    with pytest.raises(SystemExit):
        call_command("send_due")
    assert Message.objects.count() == 1
    assert "broken_due: failed" in capsys.readouterr().err


def test_the_due_job_is_queued_once_however_often_it_is_ensured(db):
    assert due_job_ensure() is True
    assert due_job_ensure() is False
    assert waiting_due_jobs().count() == 1


def test_the_due_job_runs_the_producers_and_queues_its_next_run(
    producers, run_queue, settings, smtp_server
):
    settings.DUE_MESSAGES_EVERY_MINUTES = 5
    due_job_ensure()
    run_queue()
    assert len(producers) == 1
    smtp_server.wait_for(1)
    [following] = waiting_due_jobs()
    assert following.run_after >= timezone.now() + timedelta(minutes=4)


def test_a_starting_worker_makes_sure_the_due_job_is_queued(db, run_queue):
    # run_queue patches the worker's connection handling so it can run inside the test.
    call_command("worker", "--batch")
    call_command("worker", "--batch")
    assert waiting_due_jobs().count() == 1
