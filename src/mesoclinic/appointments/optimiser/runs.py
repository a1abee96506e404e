"""Optimiser runs started from the page. The search takes up to minutes, longer than a
request should, so it runs in a background thread that writes its progress to the run's
row; the page polls the row. Applying the proposal is a separate, confirmed step."""

import logging
import math
import threading
import time as clock
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone

from mesoclinic.access import Capability, access_clinic, get_in_clinics_or_404, scoped
from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.appointments.optimiser.apply import Outcome, batch_apply
from mesoclinic.appointments.optimiser.batch import (
    MAX_SECONDS,
    FailedCheck,
    Progress,
    Proposal,
    batch_horizon,
    batch_propose,
    check_time_limit,
)
from mesoclinic.appointments.optimiser.batch_json import (
    outcomes_as_json,
    proposal_as_json,
    proposal_from_json,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.domain.errors import DomainError

log = logging.getLogger(__name__)

# A request-sized limit: the page's runs share the web server with everyone's clicks.
PAGE_MAX_SECONDS = 120
# Progress is written at most this often; the page polls once a second.
WRITE_EVERY = 0.5
# A run still "running" this long after its time limit died with its process (a restart).
STALE_AFTER = timedelta(minutes=10)
FAILED = "The optimiser stopped on an internal error; the server log has the details."

RUNNING = (OptimiserRunStatus.QUEUED, OptimiserRunStatus.RUNNING)


def access_optimiser_run(
    actor: Actor, clinic_id: int, run_id: int, *, audit: bool = False
) -> OptimiserRun:
    """A run of a clinic the actor administers; any other is not found."""
    runs = scoped(OptimiserRun.objects.select_related("clinic"), actor, Capability.SETUP)
    with transaction.atomic():
        run = get_in_clinics_or_404(runs, id=run_id, clinic_id=clinic_id)
        if audit:
            audit_record(
                actor=actor,
                action=Action.READ,
                target=f"optimiser run {run.id}",
                clinic_id=run.clinic_id,
            )
    return run


def recent_runs(clinic_id: int, limit: int = 10) -> list[OptimiserRun]:
    """The clinic's latest runs; the caller checked access to the clinic."""
    return list(
        OptimiserRun.objects.filter(clinic_id=clinic_id).select_related("started_by")[:limit]
    )


def is_stale(run: OptimiserRun, now: datetime) -> bool:
    limit = timedelta(seconds=run.time_limit) + STALE_AFTER
    return run.status in RUNNING and now - run.started_at > limit


def _new_run(
    actor: Actor,
    clinic_id: int,
    first_day: date,
    weeks: int,
    time_limit: float,
    movable: bool,
    *,
    most: float,
) -> OptimiserRun:
    """The run's row, once the input is good and no other run of the clinic is going.
    Call inside a transaction."""
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    batch_horizon(clinic, first_day, weeks)
    check_time_limit(time_limit, most)
    # One search per clinic at a time: each takes every core it is given.
    going = OptimiserRun.objects.filter(clinic=clinic, status__in=RUNNING)
    if any(not is_stale(other, timezone.now()) for other in going):
        raise DomainError("run", "A run for this clinic is still going: wait for it to end.")
    run = OptimiserRun.objects.create(
        clinic=clinic,
        started_by=actor.user,
        first_day=first_day,
        weeks=weeks,
        time_limit=math.ceil(time_limit),
        movable=movable,
    )
    audit_record(
        actor=actor, action=Action.CREATE, target=f"optimiser run {run.id}", clinic_id=clinic.id
    )
    return run


def optimiser_run_start(
    *, actor: Actor, clinic_id: int, first_day: date, weeks: int, time_limit: int, movable: bool
) -> OptimiserRun:
    """Queue a run; its thread starts once the run's row is committed."""
    # Tests on SQLite run the search in the request: one connection, no threads.
    inline = getattr(settings, "MESOCLINIC_OPTIMISE_INLINE", False)
    with transaction.atomic():
        run = _new_run(
            actor, clinic_id, first_day, weeks, time_limit, movable, most=PAGE_MAX_SECONDS
        )
        if not inline:
            transaction.on_commit(lambda: _launch(actor, run.id))
    if inline:
        optimiser_run_execute(actor=actor, run_id=run.id)
        run.refresh_from_db()
    return run


def optimiser_run_here(
    *,
    actor: Actor,
    clinic_id: int,
    first_day: date,
    weeks: int,
    time_limit: float,
    movable: bool,
    progress: Callable[[Progress], None],
) -> tuple[OptimiserRun, Proposal]:
    """A run searched in the caller's process (the command line), kept like the page's so
    that what is applied later is the proposal that was shown. Raises FailedCheck when the
    proposal fails the independent check; the run keeps why."""
    with transaction.atomic():
        run = _new_run(actor, clinic_id, first_day, weeks, time_limit, movable, most=MAX_SECONDS)
    OptimiserRun.objects.filter(pk=run.pk).update(status=OptimiserRunStatus.RUNNING)
    # The run's page shows the score and its ceiling from the row, as for a page's run.
    keep = ProgressWriter(run.pk)

    def report(event: Progress) -> None:
        keep(event)
        progress(event)

    try:
        proposal = batch_propose(
            actor=actor,
            clinic_id=clinic_id,
            first_day=first_day,
            weeks=weeks,
            time_limit=time_limit,
            movable=movable,
            progress=report,
        )
    except FailedCheck as failed:
        _finish(run.pk, OptimiserRunStatus.FAILED, message=failed.summary(300))
        raise
    except BaseException:
        _finish(run.pk, OptimiserRunStatus.FAILED, message=FAILED)
        raise
    _finish(run.pk, OptimiserRunStatus.DONE, result=proposal_as_json(proposal))
    run.refresh_from_db()
    return run, proposal


def _launch(actor: Actor, run_id: int) -> None:
    threading.Thread(
        target=_in_thread, args=(actor, run_id), name=f"optimiser-run-{run_id}", daemon=True
    ).start()


def _in_thread(actor: Actor, run_id: int) -> None:
    try:
        optimiser_run_execute(actor=actor, run_id=run_id)
    finally:
        # The thread's own connection: left open, it would outlive the thread.
        connection.close()


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
        OptimiserRun.objects.filter(pk=self.run_id).update(progress=asdict(progress))


def _finish(run_id: int, status: str, **fields: object) -> None:
    OptimiserRun.objects.filter(pk=run_id).update(
        status=status, finished_at=timezone.now(), **fields
    )


def optimiser_run_execute(*, actor: Actor, run_id: int) -> None:
    """Run the search and keep its proposal, or the reason it failed, on the run's row.
    The proposal itself writes only its audit row."""
    run = OptimiserRun.objects.get(pk=run_id)
    OptimiserRun.objects.filter(pk=run_id).update(status=OptimiserRunStatus.RUNNING)
    try:
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
        _finish(run_id, OptimiserRunStatus.FAILED, message=error.message[:300])
    except FailedCheck as failed:
        log.error("optimiser run %s failed the check: %d rules", run_id, len(failed.violations))
        _finish(run_id, OptimiserRunStatus.FAILED, message=failed.summary(300))
    except Http404:
        _finish(run_id, OptimiserRunStatus.FAILED, message="You no longer administer this clinic.")
    except Exception:
        log.exception("optimiser run %s failed", run_id)
        _finish(run_id, OptimiserRunStatus.FAILED, message=FAILED)
    else:
        _finish(run_id, OptimiserRunStatus.DONE, result=proposal_as_json(proposal))


def optimiser_run_apply(*, actor: Actor, clinic_id: int, run_id: int) -> list[Outcome]:
    """Book the run's proposal, exactly as it was shown, once. The run is claimed first,
    so two clicks (or two people) cannot apply it twice; the claim, the bookings and what
    they wrote are one transaction."""
    with transaction.atomic():
        found = access_optimiser_run(actor, clinic_id, run_id)
        run = OptimiserRun.objects.select_for_update().get(pk=found.pk)
        if run.status != OptimiserRunStatus.DONE or run.result is None:
            raise DomainError("run", "This run has no proposal to apply.")
        if run.applied_at is not None:
            raise DomainError("run", "This proposal has been applied already.")
        outcomes = batch_apply(
            actor=actor, clinic_id=run.clinic_id, proposal=proposal_from_json(run.result)
        )
        run.applied_at = timezone.now()
        run.applied_by = actor.user
        run.applied = outcomes_as_json(outcomes)
        run.save(update_fields=["applied_at", "applied_by", "applied"])
    return outcomes
