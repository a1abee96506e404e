"""Recall pages: the clinic's list of patients to call back, and one recall with its
history and the desk's forms. Every role of the clinic uses them (demographics capability);
another clinic's staff and chain managers get 404. Ids only in URLs, every change a POST."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mesoclinic.access import Capability, access_clinics
from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.pages.clinic_choice import clinic_choice
from mesoclinic.recalls.forms import CallForm, PostponeForm
from mesoclinic.recalls.models import Recall
from mesoclinic.recalls.selectors import (
    DEFAULT_WITHIN_DAYS,
    MAX_WITHIN_DAYS,
    access_recall,
    recall_list,
    row_of,
    upcoming_appointments,
)
from mesoclinic.recalls.services import recall_postpone, recall_record_call

INVALID = 422
WITHIN_CHOICES = (7, 14, 30, 60, 90)


@never_cache
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    clinics = access_clinics(actor_from(request), Capability.DEMOGRAPHICS).order_by("name")
    return clinic_choice(
        request, clinics, page="recalls:list", template="recalls/choose_clinic.html"
    )


def _within(request: HttpRequest) -> int:
    """The window asked for in the query, or the default for anything else."""
    try:
        within = int(request.GET.get("within", DEFAULT_WITHIN_DAYS))
    except ValueError:
        return DEFAULT_WITHIN_DAYS
    return within if 0 <= within <= MAX_WITHIN_DAYS else DEFAULT_WITHIN_DAYS


@never_cache
@require_GET
def clinic_list(request: HttpRequest, clinic_id: int) -> HttpResponse:
    within = _within(request)
    found = recall_list(actor_from(request), clinic_id, "all", within)
    choices = sorted({*WITHIN_CHOICES, within})
    return render(request, "recalls/list.html", {"found": found, "within_choices": choices})


def _detail(
    request: HttpRequest,
    actor: Actor,
    recall: Recall,
    *,
    call_form: CallForm | None = None,
    postpone_form: PostponeForm | None = None,
) -> HttpResponse:
    appointments = upcoming_appointments(actor, recall) if recall.is_open else []
    context: dict[str, Any] = {
        "recall": recall,
        "row": row_of(recall, clinic_today(recall.clinic)),
        "entries": list(recall.entries.all()),
        "call_form": call_form or CallForm(appointments=appointments, auto_id="id_call_%s"),
        "postpone_form": postpone_form or PostponeForm(auto_id="id_postpone_%s"),
    }
    failed = call_form is not None or postpone_form is not None
    return render(request, "recalls/detail.html", context, status=INVALID if failed else 200)


@never_cache
@require_GET
def detail(request: HttpRequest, recall_id: int) -> HttpResponse:
    actor = actor_from(request)
    return _detail(request, actor, access_recall(actor, recall_id))


@require_POST
def record_call(request: HttpRequest, recall_id: int) -> HttpResponse:
    actor = actor_from(request)
    recall = access_recall(actor, recall_id)
    form = CallForm(
        request.POST, appointments=upcoming_appointments(actor, recall), auto_id="id_call_%s"
    )
    if form.is_valid():
        try:
            recall = recall_record_call(actor=actor, recall=recall, **form.cleaned_data)
        except DomainError as refused:
            form.show(refused)
        else:
            messages.success(request, "Call recorded.")
            return redirect("recalls:list", clinic_id=recall.clinic_id)
    return _detail(request, actor, access_recall(actor, recall_id), call_form=form)


@require_POST
def postpone(request: HttpRequest, recall_id: int) -> HttpResponse:
    actor = actor_from(request)
    recall = access_recall(actor, recall_id)
    form = PostponeForm(request.POST, auto_id="id_postpone_%s")
    if form.is_valid():
        try:
            recall = recall_postpone(actor=actor, recall=recall, **form.cleaned_data)
        except DomainError as refused:
            form.show(refused)
        else:
            messages.success(request, "Recall postponed. The reason is kept with it.")
            return redirect("recalls:detail", recall_id=recall.id)
    return _detail(request, actor, access_recall(actor, recall_id), postpone_form=form)
