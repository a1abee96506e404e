"""Patient pages. Searches and record reads are POSTed or addressed by id only, so no
name or birth date ever appears in a URL or an access log."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mesoclinic.access import Capability, access_clinics, access_patient, capabilities_at
from mesoclinic.appointments.selectors import patient_bookings
from mesoclinic.audit.actor import actor_from
from mesoclinic.domain.errors import DomainError
from mesoclinic.pages.form_errors import add_refusal, apply_errors, apply_further_errors
from mesoclinic.patients.duplicates import PossibleDuplicates
from mesoclinic.patients.forms import EnteredInErrorForm, NewPatientForm, PatientForm, SearchForm
from mesoclinic.patients.models import Patient
from mesoclinic.patients.selectors import patient_search
from mesoclinic.patients.services import (
    patient_check,
    patient_create,
    patient_mark_entered_in_error,
    patient_update,
)


@require_http_methods(["GET", "POST"])
def patient_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from(request)
    form = SearchForm(request.POST or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    try:
        patients, refusal = patient_search(actor, query), ""
    except DomainError as error:
        # Said beside the box and in place of the results, never as "no patient matches".
        add_refusal(form, error.field, error.message)
        patients, refusal = [], error.message
    context = {"form": form, "patients": patients, "query": query, "refusal": refusal}
    # A live search gets the results and the error slots only: the search box stays as typed.
    template = "patients/_live.html" if getattr(request, "htmx", False) else "patients/list.html"
    return render(request, template, context)


def _check_the_rest(form: PatientForm) -> None:
    """One submit shows every refusal: the service's checks of the record as the form
    left it (its valid fields) join the form's own messages."""
    try:
        patient_check(form.instance)
    except ValidationError as error:
        apply_further_errors(form, error.message_dict)


@require_http_methods(["GET", "POST"])
def patient_new(request: HttpRequest) -> HttpResponse:
    actor = actor_from(request)
    clinics = access_clinics(actor, Capability.DEMOGRAPHICS)
    if not clinics.exists():
        # A chain manager, say: no clinic to add the patient to, so no form to fill in.
        raise Http404("No such page.")
    form = NewPatientForm(request.POST or None, clinics=clinics)
    duplicates: list[Any] = []
    duplicate_message = ""
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "clinic"}
        try:
            patient = patient_create(
                actor=actor, clinic_id=form.cleaned_data["clinic"].id, **fields
            )
        except PossibleDuplicates as refusal:
            # The service's words (the API's too) above the look-alikes and the box.
            duplicates, duplicate_message = refusal.candidates, refusal.message
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Patient added.")
            return redirect("patients:detail", patient_id=patient.id)
    elif request.method == "POST":
        _check_the_rest(form)
    context = {"form": form, "duplicates": duplicates, "duplicate_message": duplicate_message}
    return render(request, "patients/new.html", context)


@require_http_methods(["GET"])
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_patient(actor, patient_id)
    capabilities = capabilities_at(actor, patient.clinic_id)
    return render(
        request,
        "patients/detail.html",
        {
            "patient": patient,
            "can_see_clinical": Capability.CLINICAL in capabilities,
            "error_form": EnteredInErrorForm(),
            "bookings": patient_bookings(actor, patient.id, timezone.now()),
        },
    )


@require_http_methods(["GET", "POST"])
def patient_edit(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_patient(actor, patient_id)
    # The form edits a copy: the service compares against the record as stored.
    form = PatientForm(request.POST or None, instance=Patient.objects.get(pk=patient.pk))
    duplicates: list[Any] = []
    duplicate_message = ""
    if request.method == "POST" and form.is_valid():
        try:
            patient_update(actor=actor, patient=patient, **form.cleaned_data)
        except PossibleDuplicates as refusal:
            duplicates, duplicate_message = refusal.candidates, refusal.message
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Details saved.")
            return redirect("patients:detail", patient_id=patient.id)
    elif request.method == "POST":
        _check_the_rest(form)
    context = {
        "form": form,
        "patient": patient,
        "duplicates": duplicates,
        "duplicate_message": duplicate_message,
    }
    return render(request, "patients/edit.html", context)


@require_POST
def patient_entered_in_error(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_patient(actor, patient_id)
    form = EnteredInErrorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why this record was entered in error.")
        return redirect("patients:detail", patient_id=patient.id)
    patient_mark_entered_in_error(actor=actor, patient=patient, reason=form.cleaned_data["reason"])
    messages.success(request, "Marked as entered in error. The record is kept, not deleted.")
    return redirect("patients:list")
