"""The audit trail page: read-only, for clinic admins, about their own clinics."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mesoclinic.audit.actor import actor_from
from mesoclinic.audit.forms import AuditFilterForm
from mesoclinic.audit.selectors import AuditFilters, audit_clinics, audit_staff, audit_trail


@require_GET
def trail(request: HttpRequest) -> HttpResponse:
    actor = actor_from(request)
    clinics = audit_clinics(actor)
    clinic_ids = list(clinics.values_list("id", flat=True))
    if not clinic_ids:
        raise Http404("No such page.")
    form = AuditFilterForm(request.GET or None, clinics=clinics, staff=audit_staff(clinic_ids))
    found = None
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
        found = audit_trail(actor, filters, request.GET.get("page", 1))
    return render(
        request,
        "audit/trail.html",
        {"form": form, "trail": found, "many_clinics": len(clinic_ids) > 1},
    )
