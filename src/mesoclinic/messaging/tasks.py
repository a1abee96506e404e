"""The messaging jobs, on the "default" queue: send one message; send what has fallen due."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task


@task()
def message_send(message_id: int) -> None:
    # Imported here: the services queue this job, so they import this module first.
    from mesoclinic.messaging.services import message_send as send

    send(message_id=message_id, now=timezone.now())


@task()
def messages_due_send() -> None:
    """Run every producer, then queue the next run: the job keeps itself going for as long
    as a worker works the queue. `mesoclinic worker` queues one at its start (a duplicate is
    harmless: producers are idempotent, and `due_job_ensure` adds none while one waits)."""
    from mesoclinic.messaging.due import due_job_ensure, due_run

    due_run(now=timezone.now())
    due_job_ensure(after=timedelta(minutes=settings.DUE_MESSAGES_EVERY_MINUTES))
