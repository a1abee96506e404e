"""Optimiser runs started from the page. The search takes up to minutes, longer than a
request should, so the page only queues it: a worker (`mesoclinic worker`) searches and
writes its progress and a heartbeat to the run's row, which the page polls. Applying the
proposal is a separate, confirmed step."""

import math
from collections.abc import Callable
from datetime import date

from django.db import transaction
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
from mesoclinic.appointments.optimiser.execute import (
    FAILED,
    ProgressWriter,
    run_claim,
    run_finish,
    run_heartbeat,
)
from mesoclinic.appointments.optimiser.liveness import optimiser_runs_mark_silent
from mesoclinic.appointments.optimiser.tasks import optimiser_run_search
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.domain.errors import DomainError

# A limit for a run started from the page: one run holds a worker, and every core it is
# given, for its whole length.
PAGE_MAX_SECONDS = 120

RUNNING = (OptimiserRunStatus.QUEUED, OptimiserRunStatus.RUNNING)


def access_optimiser_run(
    actor: Actor, clinic_id: int, run_id: int, *, audit: bool = False
) -> OptimiserRun:
    """A run of a clinic the actor administers; any other is not found. A run whose
    worker died is read as failed."""
    runs = scoped(OptimiserRun.objects.select_related("clinic"), actor, Capability.SETUP)
    with transaction.atomic():
        run = get_in_clinics_or_404(runs, id=run_id, clinic_id=clinic_id)
        if run.status in RUNNING and optimiser_runs_mark_silent(
            now=timezone.now(), clinic_id=run.clinic_id
        ):
            run.refresh_from_db()
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
    optimiser_runs_mark_silent(now=timezone.now(), clinic_id=clinic_id)
    return list(
        OptimiserRun.objects.filter(clinic_id=clinic_id).select_related("started_by")[:limit]
    )


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
    # One search per clinic at a time: each takes every core it is given. A run whose
    # worker died is not going, whatever its row said.
    optimiser_runs_mark_silent(now=timezone.now(), clinic_id=clinic.id)
    if OptimiserRun.objects.filter(clinic=clinic, status__in=RUNNING).exists():
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
    """Queue a run for a worker. The run's row and its job are one transaction: the queue
    lives in the same database, so neither exists without the other."""
    with transaction.atomic():
        run = _new_run(
            actor, clinic_id, first_day, weeks, time_limit, movable, most=PAGE_MAX_SECONDS
        )
        job = optimiser_run_search.enqueue(run_id=run.id, ip=actor.ip, via=actor.via)
        run.job_id = job.id
        run.save(update_fields=["job_id"])
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
    run_claim(run.pk)
    # The run's page shows the score and its ceiling from the row, as for a page's run.
    keep = ProgressWriter(run.pk)

    def report(event: Progress) -> None:
        keep(event)
        progress(event)

    try:
        with run_heartbeat(run.pk):
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
        run_finish(run.pk, OptimiserRunStatus.FAILED, message=failed.summary(300))
        raise
    except BaseException:
        run_finish(run.pk, OptimiserRunStatus.FAILED, message=FAILED)
        raise
    run_finish(run.pk, OptimiserRunStatus.DONE, result=proposal_as_json(proposal))
    run.refresh_from_db()
    return run, proposal


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
