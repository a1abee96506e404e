"""Messages that fall due with time (reminders, recall invitations, overdue follow-ups) are
found by producers: functions that look at the clock and queue what is due through
`message_queue`, with keys that make a second run queue nothing again.

    @due_producer
    def reminders_due(now: datetime) -> int:  # how many it queued
        ...

Register them in a module Django imports at start-up (the app's `due.py`, imported from its
`AppConfig.ready`, or its models or services module)."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)

Producer = Callable[[datetime], int]
PRODUCERS: dict[str, Producer] = {}


def due_producer(producer: Producer) -> Producer:
    """Register a producer (a decorator). Registering the same function twice keeps one."""
    PRODUCERS[f"{producer.__module__}.{producer.__qualname__}"] = producer
    return producer


def due_run(*, now: datetime) -> dict[str, int]:
    """Run every producer once; returns how many each queued. One producer's error is
    logged and the others still run: a broken reminder must not stop recall invitations."""
    queued: dict[str, int] = {}
    for name, producer in sorted(PRODUCERS.items()):
        try:
            with transaction.atomic():
                queued[name] = producer(now)
        except Exception:
            log.exception("The message producer %s failed", name)
            queued[name] = -1
    return queued


def due_job_ensure(*, after: timedelta = timedelta(0)) -> bool:
    """Queue the self-renewing "send what is due" job unless one already waits to run.
    Returns whether it queued one."""
    from mesoclinic.messaging.tasks import messages_due_send

    # Waiting: queued, whether its time has come or not (a running one is renewing itself).
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=messages_due_send.module_path
    )
    with transaction.atomic():
        if waiting.exists():
            return False
        messages_due_send.using(run_after=timezone.now() + after).enqueue()
    return True
