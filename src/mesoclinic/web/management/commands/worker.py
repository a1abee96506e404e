"""`mesoclinic worker`: run the jobs queued in the database (optimiser runs, and whatever
later jobs each app's `tasks.py` adds) until stopped. Run one per machine that should do
background work; on PostgreSQL any number share the queue and no job runs twice.

SIGTERM or Ctrl+C stops it cleanly: between jobs at once, during one once the job ends (a
second signal stops it at once; the job's run then says it was interrupted)."""

import logging
import os
import socket
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker, valid_interval

from mesoclinic.appointments.optimiser.liveness import optimiser_runs_mark_silent
from mesoclinic.messaging.due import due_job_ensure

log = logging.getLogger("mesoclinic.worker")


def served_database() -> str:
    """Which database this worker serves, for its log: never the password."""
    where = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite at {where['NAME']}"
    host = where.get("HOST") or "the local socket"
    port = f":{where['PORT']}" if where.get("PORT") else ""
    return f"{connection.display_name} database {where['NAME']} on {host}{port}"


class Command(BaseCommand):
    help = "Run a background worker: it takes the jobs queued in the database, one at a time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queues",
            default=",".join(settings.MESOCLINIC_TASK_QUEUES),
            help="comma-separated queues to work (default: all of them)",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="seconds between looks at an empty queue (default 1)",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="run what is queued, then exit (for a scheduled job instead of a service)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queues = [name.strip() for name in options["queues"].split(",") if name.strip()]
        # Unique across the pool, and telling in the job's row: which machine, which process.
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[-64:]
        log.info("Worker %s serving %s, queues %s", worker_id, served_database(), ", ".join(queues))
        # Runs left running by a worker that died (this machine's last one, say) are
        # given up before any new job starts.
        given_up = optimiser_runs_mark_silent(now=timezone.now())
        if given_up:
            log.info("Marked %d optimiser run(s) failed: their worker fell silent", given_up)
        # The job that sends what falls due (reminders, recalls) renews itself; a new worker
        # makes sure one is queued (none is added while one waits).
        if due_job_ensure():
            log.info("Queued the job that sends messages as they fall due")
        worker = Worker(
            queue_names=queues,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not options["batch"],
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
