"""Staff pages for the portal: invite a patient (from her page), and a clinic's portal
settings (beside the clinic's other settings, for its admins)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mesoclinic.access import Capability, access_patient
from mesoclinic.audit.actor import actor_from
from mesoclinic.pages.form_errors import apply_errors
from mesoclinic.portal.accounts.clinic_settings import portal_settings_read, portal_settings_update
from mesoclinic.portal.accounts.forms import InvitationForm, PortalSettingsForm
from mesoclinic.portal.accounts.services import account_invite
from mesoclinic.portal.models import PatientAccount


@require_http_methods(["GET", "POST"])
def portal_invitation(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The invitation form, also shown on her page; a refused one comes back here with the
    address as typed and the reason beside it."""
    actor = actor_from(request)
    patient = access_patient(actor, patient_id, Capability.DEMOGRAPHICS, "portal invitation")
    account = PatientAccount.objects.filter(patient=patient).first()
    initial = {"email": account.email if account else patient.email}
    form = InvitationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_invite(
                actor=actor, patient_id=patient.id, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, f"Portal invitation sent to {account.email}.")
            return redirect("patients:detail", patient_id=patient.id)
    context = {"patient": patient, "account": account, "form": form}
    return render(request, "portal/account/staff_invitation.html", context)


@require_http_methods(["GET", "POST"])
def portal_settings(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    current = portal_settings_read(actor=actor, clinic_id=clinic_id)
    clinic = current.clinic
    form = PortalSettingsForm(request.POST or None, instance=current, clinic=clinic)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("online_practitioners")
        try:
            portal_settings_update(
                actor=actor,
                clinic_id=clinic.id,
                online_practitioner_ids=[user.pk for user in chosen],
                **data,
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, "Portal settings saved.")
            return redirect("portal_staff:settings", clinic_id=clinic.id)
    context = {"clinic": clinic, "section": "portal", "form": form}
    return render(request, "portal/account/staff_settings.html", context)
