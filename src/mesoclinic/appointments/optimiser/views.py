"""The optimiser pages, for a clinic's admins (anyone else gets 404): a form that starts a
run, the run's page that polls its progress and then shows the proposal beside greedy and
the bounds, and the confirmed step that books it."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tasks_db.models import DBTaskResult

from mesoclinic.access import Capability, access_clinic
from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.appointments.optimiser.batch import MAX_WEEKS
from mesoclinic.appointments.optimiser.batch_json import outcomes_from_json, proposal_from_json
from mesoclinic.appointments.optimiser.batch_report import (
    applied_summary,
    bound_rows,
    comparison_rows,
    course_rows,
    outcome_rows,
    unplaced_rows,
)
from mesoclinic.appointments.optimiser.liveness import waiting_for_worker
from mesoclinic.appointments.optimiser.runs import (
    PAGE_MAX_SECONDS,
    access_optimiser_run,
    optimiser_run_apply,
    optimiser_run_start,
    recent_runs,
)
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.errors import DomainError
from mesoclinic.pages.dates import DayField


class OptimiseForm(forms.Form):
    first_day = DayField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    weeks = forms.IntegerField(label="Weeks", min_value=1, max_value=MAX_WEEKS, initial=12)
    time_limit = forms.IntegerField(
        label="Time limit (seconds)",
        min_value=1,
        max_value=PAGE_MAX_SECONDS,
        initial=30,
        help_text=f"Up to {PAGE_MAX_SECONDS} seconds; a longer search may do better.",
    )
    movable = forms.BooleanField(
        label="Also move sessions already booked in these weeks", required=False
    )


def _form_page(
    request: HttpRequest, clinic: Clinic, form: OptimiseForm, status: int = 200
) -> HttpResponse:
    context = {
        "clinic": clinic,
        "form": form,
        "runs": recent_runs(clinic.id),
        "today": clinic_today(clinic).isoformat(),
    }
    return render(request, "appointments/optimise.html", context, status=status)


@require_http_methods(["GET", "POST"])
def optimise(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    if request.method == "GET":
        tomorrow = clinic_today(clinic) + timedelta(days=1)
        return _form_page(request, clinic, OptimiseForm(initial={"first_day": tomorrow}))
    form = OptimiseForm(request.POST)
    if not form.is_valid():
        return _form_page(request, clinic, form, status=422)
    try:
        run = optimiser_run_start(actor=actor, clinic_id=clinic.id, **form.cleaned_data)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _form_page(request, clinic, form, status=422)
    return redirect("appointments:optimise_run", clinic_id=clinic.id, run_id=run.id)


def _search_started(run: OptimiserRun) -> datetime:
    """The search starts when a worker takes the run's job; the time it waited in the
    queue before is no search time."""
    if run.status != OptimiserRunStatus.QUEUED and run.job_id:
        jobs = DBTaskResult.objects.filter(id=run.job_id)
        taken = jobs.values_list("started_at", flat=True).first()
        if taken is not None:
            return max(taken, run.started_at)
    return run.started_at


def _progress(run: OptimiserRun) -> dict[str, Any]:
    now = timezone.now()
    finished = run.status not in (OptimiserRunStatus.QUEUED, OptimiserRunStatus.RUNNING)
    seen = run.progress or {}
    end = run.finished_at if finished and run.finished_at else now
    if run.status == OptimiserRunStatus.DONE and run.result is not None:
        elapsed = float(run.result["seconds"])
    else:
        searched = (end - _search_started(run)).total_seconds()
        elapsed = min(max(searched, 0.0), float(run.time_limit))
    done = run.status == OptimiserRunStatus.DONE
    return {
        "polling": not finished,
        "waiting": waiting_for_worker(run),
        "elapsed": f"{elapsed:.1f}",
        "percent": 100 if done else round(100 * elapsed / run.time_limit),
        "placed": seen.get("placed", 0),
        "total": seen.get("total"),
        "objective": f"{seen.get('objective', 0):.0f}",
        "bound": f"{seen.get('bound', 0):.0f}",
        "phase": seen.get("phase", ""),
    }


def _result(run: OptimiserRun) -> dict[str, Any]:
    if run.status != OptimiserRunStatus.DONE or run.result is None:
        return {}
    proposal = proposal_from_json(run.result)
    outcomes = outcomes_from_json(run.applied) if run.applied is not None else None
    return {
        "proposal": proposal,
        "compared": comparison_rows(proposal),
        "bounds": bound_rows(proposal),
        "courses": course_rows(proposal),
        "unplaced": unplaced_rows(proposal),
        "outcomes": outcome_rows(run.clinic_id, outcomes) if outcomes is not None else None,
    }


def _run_context(run: OptimiserRun) -> dict[str, Any]:
    return {"run": run, "clinic": run.clinic} | _progress(run) | _result(run)


@require_GET
def optimise_run(request: HttpRequest, clinic_id: int, run_id: int) -> HttpResponse:
    run = access_optimiser_run(actor_from(request), clinic_id, run_id, audit=True)
    return render(request, "appointments/optimise_run.html", _run_context(run))


@require_GET
def optimise_progress(request: HttpRequest, clinic_id: int, run_id: int) -> HttpResponse:
    """The progress fragment the run's page polls; once done it carries the proposal (and
    is audited, as the page is)."""
    actor = actor_from(request)
    run = access_optimiser_run(actor, clinic_id, run_id)
    if run.status == OptimiserRunStatus.DONE:
        run = access_optimiser_run(actor, clinic_id, run_id, audit=True)
    return render(request, "appointments/optimise_progress.html", _run_context(run))


@require_POST
def optimise_apply(request: HttpRequest, clinic_id: int, run_id: int) -> HttpResponse:
    actor = actor_from(request)
    try:
        outcomes = optimiser_run_apply(actor=actor, clinic_id=clinic_id, run_id=run_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, applied_summary(outcomes))
    return redirect("appointments:optimise_run", clinic_id=clinic_id, run_id=run_id)
