"""`mesoclinic send-due`: queue the messages that have fallen due (reminders, recall
invitations, overdue follow-ups) once, for a clinic that runs it from cron instead of
leaving it to the worker. A worker still sends them; `mesoclinic worker --batch` right after
sends them at once. Running it twice queues nothing twice."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from mesoclinic.messaging.due import PRODUCERS, due_run


class Command(BaseCommand):
    help = "Queue the messages that have fallen due, once (for cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = due_run(now=timezone.now())
        for name, count in queued.items():
            if count < 0:
                self.stderr.write(f"{name}: failed (see the log)")
            else:
                self.stdout.write(f"{name}: {count} queued")
        if not PRODUCERS:
            self.stdout.write("No message producers are installed.")
        if any(count < 0 for count in queued.values()):
            raise SystemExit(1)
