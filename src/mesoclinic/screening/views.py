"""Screening pages. Patient-scoped, clinical capability only (front desk gets 404), ids
only in URLs, every state change a POST."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mesoclinic.access import Capability, access_patient
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import ScreeningItem
from mesoclinic.domain.screening import SYSTEM_ANSWERED, asked_items
from mesoclinic.patients.models import Patient
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.forms import AmendForm, EnteredInErrorForm, ScreeningForm, SignOffForm
from mesoclinic.screening.intake import intake_initial
from mesoclinic.screening.readiness import course_start_blockers
from mesoclinic.screening.selectors import (
    access_screening_state,
    patient_screenings,
    pending_intake,
)
from mesoclinic.screening.services import (
    screening_amend,
    screening_caution_sign_off,
    screening_create,
    screening_mark_entered_in_error,
)
from mesoclinic.screening.state import ScreeningState


def _patient(request: HttpRequest, patient_id: int, target: str) -> Patient:
    return access_patient(actor_from(request), patient_id, Capability.CLINICAL, target=target)


def _show_error(form: forms.Form, error: DomainError, field: str | None) -> None:
    form.add_error(field if field in form.fields else None, error.message)


@require_http_methods(["GET"])
def screening_list(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = _patient(request, patient_id, "screening page")
    today = clinic_today(patient.clinic)
    return render(
        request,
        "screening/list.html",
        {
            "patient": patient,
            "screenings": patient_screenings(actor, patient, today),
            "blockers": course_start_blockers(actor, patient, today),
            "protocol": clinic_protocol(patient.clinic),
            "intake": pending_intake(actor, patient),
        },
    )


@require_http_methods(["GET", "POST"])
def screening_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = _patient(request, patient_id, "screening form")
    protocol = clinic_protocol(patient.clinic)
    intake = pending_intake(actor, patient)
    form = ScreeningForm(
        request.POST or None,
        items=asked_items(protocol.screening_items),
        today=clinic_today(patient.clinic),
        initial=intake_initial(intake),
    )
    if request.method == "POST" and form.is_valid():
        # Her answers count as reviewed only if they are the ones the practitioner was
        # shown: newer answers sent meanwhile stay waiting for the next screening.
        shown = intake is not None and request.POST.get("intake") == str(intake.id)
        try:
            screening = screening_create(
                actor=actor,
                patient=patient,
                taken_on=form.cleaned_data["taken_on"],
                answers=form.answers(),
                notes=form.notes(),
                reviews=intake if shown else None,
            )
        except DomainError as error:
            _show_error(form, error, form.field_for(error.field))
        else:
            messages.success(request, "Screening saved.")
            return redirect("screening:detail", screening_id=screening.id)
    return render(
        request,
        "screening/new.html",
        {
            "patient": patient,
            "form": form,
            "age_item": _age_item(protocol.screening_items),
            "intake": intake,
        },
    )


def _age_item(items: tuple[ScreeningItem, ...]) -> ScreeningItem | None:
    return next((item for item in items if item.key in SYSTEM_ANSWERED), None)


def _amendment_rows(state: ScreeningState) -> list[dict[str, Any]]:
    labels = {answer.key: answer.label for answer in state.answers}
    return [
        {
            "amendment": amendment,
            "changes": [
                {"label": labels.get(key, key), "before": before, "after": after}
                for key, (before, after) in amendment.changes.items()
            ],
        }
        for amendment in state.amendments
    ]


def _sign_off_form(key: str, data: Any = None) -> SignOffForm:
    # One form per caution on the page: each needs its own element ids.
    auto_id = f"id_signoff_{key}_%s" if key.isidentifier() else "id_signoff_%s"
    return SignOffForm(data, initial={"item": key}, auto_id=auto_id)


def _detail(
    request: HttpRequest,
    state: ScreeningState,
    failed: SignOffForm | None = None,
    error_form: EnteredInErrorForm | None = None,
) -> HttpResponse:
    failed_key = failed.data.get("item") if failed is not None else None
    cautions = [
        {
            "item": item,
            "sign_off": state.signed_off.get(item.key),
            "form": failed
            if failed is not None and failed_key == item.key
            else _sign_off_form(item.key),
        }
        for item in state.outcome.cautions
    ]
    # A refused sign-off for an item with no form on the page (a stop, a "no") is shown
    # above the outcome instead of beside a field.
    placed = any(caution["form"] is failed for caution in cautions)
    unplaced_errors = (
        [str(message) for messages_ in failed.errors.values() for message in messages_]
        if failed is not None and not placed
        else []
    )
    labels = {answer.key: answer.label for answer in state.answers}
    sign_offs = [
        {
            "label": labels.get(sign_off.item_key, sign_off.item_key),
            "sign_off": sign_off,
            "holds": state.signed_off.get(sign_off.item_key) == sign_off,
        }
        for sign_off in state.sign_offs
    ]
    return render(
        request,
        "screening/detail.html",
        {
            "state": state,
            "screening": state.screening,
            "patient": state.screening.patient,
            "cautions": cautions,
            "sign_off_errors": unplaced_errors,
            "sign_offs": sign_offs,
            "amendments": _amendment_rows(state),
            "error_form": error_form or EnteredInErrorForm(auto_id="id_error_%s"),
        },
    )


@require_http_methods(["GET"])
def screening_detail(request: HttpRequest, screening_id: int) -> HttpResponse:
    return _detail(request, access_screening_state(actor_from(request), screening_id))


@require_http_methods(["GET", "POST"])
def screening_amend_view(request: HttpRequest, screening_id: int) -> HttpResponse:
    actor = actor_from(request)
    state = access_screening_state(actor, screening_id)
    asked = [answer for answer in state.answers if not answer.system_answered]
    form = AmendForm(
        request.POST or None,
        items=asked_items(state.items),
        current={answer.key: (answer.answer, answer.note) for answer in asked},
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening_amend(
                actor=actor,
                screening=state.screening,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            _show_error(form, error, form.field_for(error.field))
        else:
            messages.success(request, "Amendment saved. The original answers stay visible.")
            return redirect("screening:detail", screening_id=state.screening.id)
    return render(
        request,
        "screening/amend.html",
        {"screening": state.screening, "patient": state.screening.patient, "form": form},
    )


@require_POST
def screening_sign_off(request: HttpRequest, screening_id: int) -> HttpResponse:
    actor = actor_from(request)
    state = access_screening_state(actor, screening_id)
    form = _sign_off_form(request.POST.get("item", ""), request.POST)
    if form.is_valid():
        try:
            screening_caution_sign_off(
                actor=actor,
                screening=state.screening,
                item_key=form.cleaned_data["item"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            _show_error(form, error, "reason")
        else:
            messages.success(request, "Caution signed off.")
            return redirect("screening:detail", screening_id=state.screening.id)
    return _detail(request, state, failed=form)


@require_POST
def screening_entered_in_error(request: HttpRequest, screening_id: int) -> HttpResponse:
    actor = actor_from(request)
    state = access_screening_state(actor, screening_id)
    form = EnteredInErrorForm(request.POST, auto_id="id_error_%s")
    if form.is_valid():
        try:
            screening_mark_entered_in_error(
                actor=actor, screening=state.screening, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            _show_error(form, error, "reason")
        else:
            messages.success(request, "Marked as entered in error. It is kept, not deleted.")
            return redirect("screening:list", patient_id=state.screening.patient_id)
    return _detail(request, state, error_form=form)


@require_POST
def course_start(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Re-checks readiness when staff ask to start a course and shows every reason it
    cannot start. Creating the course itself belongs to the course pages."""
    actor = actor_from(request)
    patient = _patient(request, patient_id, "course start")
    blockers = course_start_blockers(actor, patient, clinic_today(patient.clinic))
    return render(
        request, "screening/course_start.html", {"patient": patient, "blockers": blockers}
    )
