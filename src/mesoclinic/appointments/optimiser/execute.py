"""A run's search, in the process that does it (a worker, or the command line): it claims
the run, keeps a heartbeat and its progress on the run's row while it searches, and ends
with the proposal or the reason it failed. The proposal itself writes only its audit row."""

import logging
import time as clock
from dataclasses import asdict

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.appointments.optimiser.batch import FailedCheck, Progress, batch_propose
from mesoclinic.appointments.optimiser.batch_json import proposal_as_json
from mesoclinic.audit.actor import Actor
from mesoclinic.domain.errors import DomainError
from mesoclinic.tasks.heartbeat import Heartbeat

log = logging.getLogger(__name__)

# Progress is written at most this often; the page polls once a second.
WRITE_EVERY = 0.5
FAILED = "The optimiser stopped on an internal error; the server log has the details."
NOT_ADMIN = "You no longer administer this clinic."
INTERRUPTED = "The worker was stopped during the search; nothing was booked. Start a new run."


def _running(run_id: int) -> QuerySet[OptimiserRun]:
    # Every write of the search is to a run still running: one marked failed for silence
    # stays failed (its page told people to start again) even if its worker wakes up.
    return OptimiserRun.objects.filter(pk=run_id, status=OptimiserRunStatus.RUNNING)


class ProgressWriter:
    """Keeps the latest progress on the run's row, at most every WRITE_EVERY seconds
    while the search runs (every phase change is written)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = clock.monotonic()
        if progress.phase == "search" and progress.placed and now - self.last < WRITE_EVERY:
            return
        self.last = now
        _running(self.run_id).update(progress=asdict(progress))


def run_heartbeat(run_id: int) -> Heartbeat:
    def beat() -> None:
        _running(run_id).update(heartbeat_at=timezone.now())

    return Heartbeat(beat, name=f"optimiser-run-{run_id}-heartbeat")


def run_claim(run_id: int) -> bool:
    """Mark a queued run running, with its first heartbeat; False when it is no longer
    queued (another worker has it, or it was given up)."""
    now = timezone.now()
    return bool(
        OptimiserRun.objects.filter(pk=run_id, status=OptimiserRunStatus.QUEUED).update(
            status=OptimiserRunStatus.RUNNING, heartbeat_at=now
        )
    )


def run_finish(run_id: int, status: str, **fields: object) -> None:
    _running(run_id).update(status=status, finished_at=timezone.now(), **fields)


def optimiser_run_execute(*, run_id: int, ip: str | None, via: str) -> None:
    """Search for the run's proposal as the admin who started it, and keep the proposal,
    or the reason it failed, on the run's row."""
    if not run_claim(run_id):
        log.warning("optimiser run %s is not queued any more; not searched", run_id)
        return
    run = OptimiserRun.objects.select_related("started_by").get(pk=run_id)
    actor = Actor(user=run.started_by, ip=ip, via=via)
    try:
        with run_heartbeat(run_id):
            proposal = batch_propose(
                actor=actor,
                clinic_id=run.clinic_id,
                first_day=run.first_day,
                weeks=run.weeks,
                time_limit=run.time_limit,
                movable=run.movable,
                progress=ProgressWriter(run_id),
            )
    except DomainError as error:
        run_finish(run_id, OptimiserRunStatus.FAILED, message=error.message[:300])
    except FailedCheck as failed:
        log.error("optimiser run %s failed the check: %d rules", run_id, len(failed.violations))
        run_finish(run_id, OptimiserRunStatus.FAILED, message=failed.summary(300))
    except Http404:
        run_finish(run_id, OptimiserRunStatus.FAILED, message=NOT_ADMIN)
    except Exception:
        log.exception("optimiser run %s failed", run_id)
        run_finish(run_id, OptimiserRunStatus.FAILED, message=FAILED)
    except BaseException:
        # Stopped by force (a second Ctrl+C): say so now rather than after the silence.
        run_finish(run_id, OptimiserRunStatus.FAILED, message=INTERRUPTED)
        raise
    else:
        run_finish(run_id, OptimiserRunStatus.DONE, result=proposal_as_json(proposal))
