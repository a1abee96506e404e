"""Whether a run is still alive. The process searching writes `heartbeat_at` every few
seconds; a running run silent for longer than the silence limit died with its worker (a
crash, a kill, a lost machine). Every path that reads or starts runs (the pages, a new
run's start, a worker's start) marks such runs failed first, so a dead run never blocks a
new one and never spins on the page."""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.tasks.heartbeat import silence_limit

# A queued run says it waits for a worker once a worker polling the queue would have
# taken it (workers look every second).
WAIT_NOTICE_AFTER = timedelta(seconds=3)


def _spoken(limit: timedelta) -> str:
    seconds = round(limit.total_seconds())
    if seconds == 60:
        return "a minute"
    if seconds % 60 == 0:
        return f"{seconds // 60} minutes"
    return f"{seconds} seconds"


def stopped_message(run: OptimiserRun, last_sign: datetime) -> str:
    at = to_wall(last_sign, run.clinic).strftime("%H:%M")
    return (
        f"The worker running this search stopped at {at} (no sign of life for over "
        f"{_spoken(silence_limit())}); nothing was booked. Start a new run."
    )


def optimiser_runs_mark_silent(*, now: datetime, clinic_id: int | None = None) -> int:
    """Mark failed every running run (of the clinic, or of all) whose worker has been
    silent too long; returns how many. Each row is changed only if it is still the silent
    run that was read, so a worker that beats meanwhile keeps its run."""
    cutoff = now - silence_limit()
    silent = OptimiserRun.objects.filter(status=OptimiserRunStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    if clinic_id is not None:
        silent = silent.filter(clinic_id=clinic_id)
    marked = 0
    for run in silent.select_related("clinic"):
        last_sign = run.heartbeat_at or run.started_at
        marked += OptimiserRun.objects.filter(
            pk=run.pk, status=OptimiserRunStatus.RUNNING, heartbeat_at=run.heartbeat_at
        ).update(
            status=OptimiserRunStatus.FAILED,
            finished_at=now,
            message=stopped_message(run, last_sign),
        )
    return marked


def waiting_for_worker(run: OptimiserRun) -> bool:
    return (
        run.status == OptimiserRunStatus.QUEUED
        and timezone.now() - run.started_at > WAIT_NOTICE_AFTER
    )
