"""The audit trail page: read-only, for clinic admins, about their own clinics.

The filters hold ids, action names and dates, never clinical content, so they travel in
the query string. A patient is found by name through the patient search in a POST (names
stay out of addresses); the filter then carries only the patient's id."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from mesoclinic.audit.actor import actor_from
from mesoclinic.audit.forms import AuditFilterForm, PatientFindForm
from mesoclinic.audit.selectors import (
    AuditFilters,
    audit_clinics,
    audit_patient_name,
    audit_staff,
    audit_trail,
)
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.selectors import patient_search


def _older_than(request: HttpRequest) -> int | None:
    value = request.GET.get("older_than", "")
    return int(value) if value.isdigit() else None


@require_http_methods(["GET", "POST"])
def trail(request: HttpRequest) -> HttpResponse:
    actor = actor_from(request)
    clinics = audit_clinics(actor)
    clinic_ids = list(clinics.values_list("id", flat=True))
    if not clinic_ids:
        raise Http404("No such page.")
    form = AuditFilterForm(request.GET or None, clinics=clinics, staff=audit_staff(clinic_ids))
    find = PatientFindForm(request.POST or None)
    found_patients = None
    if request.method == "POST" and find.is_valid():
        try:
            found_patients = patient_search(actor, find.cleaned_data["q"], limit=20)
        except DomainError as error:
            find.add_error(error.field, error.message)
    found = None
    patient_name = ""
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        filters = AuditFilters(
            clinic_id=data["clinic"].id if data.get("clinic") else None,
            user_id=data["user"].id if data.get("user") else None,
            action=data.get("action") or "",
            patient_id=data.get("patient"),
            first_day=data.get("first_day"),
            last_day=data.get("last_day"),
        )
        found = audit_trail(actor, filters, _older_than(request))
        patient_name = audit_patient_name(actor, filters.patient_id)
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "find": find,
            "found_patients": found_patients,
            "patient_name": patient_name,
            "trail": found,
            "many_clinics": len(clinic_ids) > 1,
        },
    )
