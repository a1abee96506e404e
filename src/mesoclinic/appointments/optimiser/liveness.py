"""Whether a run is still alive. The process searching writes `heartbeat_at` every few
seconds; a running run silent for longer than the silence limit died with its worker (a
crash, a kill, a lost machine). Every path that reads or starts runs (the pages, a new
run's start, a worker's start) marks such runs failed first, so a dead run never blocks a
new one and never spins on the page."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

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
    """Mark failed every run (of the clinic, or of all) whose worker has been silent too
    long, and every run whose job a worker took but never started (it died in between);
    returns how many. Each row is changed only if it is still as it was read, so a worker
    that beats meanwhile keeps its run."""
    cutoff = now - silence_limit()
    runs = OptimiserRun.objects.select_related("clinic")
    if clinic_id is not None:
        runs = runs.filter(clinic_id=clinic_id)
    silent = runs.filter(status=OptimiserRunStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    marked = 0
    for run in silent:
        marked += _mark(run, run.heartbeat_at or run.started_at, now)
    for run, taken_at in _taken_never_started(runs, cutoff):
        marked += _mark(run, taken_at, now)
    return marked


def _taken_never_started(
    runs: QuerySet[OptimiserRun], cutoff: datetime
) -> list[tuple[OptimiserRun, datetime]]:
    waiting = {
        r.job_id: r
        for r in runs.filter(status=OptimiserRunStatus.QUEUED, started_at__lt=cutoff).exclude(
            job_id=""
        )
    }
    if not waiting:
        return []
    taken = DBTaskResult.objects.filter(id__in=list(waiting), started_at__lt=cutoff).exclude(
        status=TaskResultStatus.READY
    )
    return [(waiting[str(job.id)], job.started_at) for job in taken if job.started_at]


def _mark(run: OptimiserRun, last_sign: datetime, now: datetime) -> int:
    message = stopped_message(run, last_sign)
    with transaction.atomic():
        marked = OptimiserRun.objects.filter(
            pk=run.pk, status=run.status, heartbeat_at=run.heartbeat_at
        ).update(status=OptimiserRunStatus.FAILED, finished_at=now, message=message)
        if marked and run.job_id:
            # The dead worker's job would stay "running" for ever (never pruned, never run
            # again): it ends failed with the run, saying why.
            DBTaskResult.objects.filter(id=run.job_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now, traceback=message
            )
    return marked


def waiting_for_worker(run: OptimiserRun) -> bool:
    return (
        run.status == OptimiserRunStatus.QUEUED
        and timezone.now() - run.started_at > WAIT_NOTICE_AFTER
    )
