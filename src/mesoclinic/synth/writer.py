"""Bulk inserts in batches with a progress bar, and the audit rows that go with them."""

from collections.abc import Sequence
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import models
from rich.progress import Progress, TaskID

from mesoclinic.audit.models import Action, AuditEvent

BATCH = 2000
M = TypeVar("M", bound=models.Model)


class Writer:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.task: TaskID | None = None
        self.counts: dict[str, int] = {}
        self.audit_events: list[AuditEvent] = []

    def phase(self, description: str, total: int) -> None:
        if self.progress is None:
            return
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)
        self.task = self.progress.add_task(description, total=max(total, 1))

    def advance(self, amount: int = 1) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, amount)

    def bulk(self, model: type[M], rows: Sequence[M]) -> Sequence[M]:
        created = model._default_manager.bulk_create(rows, batch_size=BATCH)
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(rows)
        return created

    def audit(
        self, actor: User, action: Action, target: str, clinic_id: int, patient_id: int | None
    ) -> None:
        """One audit row, as the service doing this write would have written it."""
        self.audit_events.append(
            AuditEvent(
                actor=actor,
                actor_name=actor.username,
                action=action,
                clinic_id=clinic_id,
                patient_id=patient_id,
                target=target,
                ip=None,
                via="cli",
            )
        )
        if len(self.audit_events) >= BATCH * 5:
            self.flush_audit()

    def flush_audit(self) -> None:
        if self.audit_events:
            self.bulk(AuditEvent, self.audit_events)
            self.audit_events = []
