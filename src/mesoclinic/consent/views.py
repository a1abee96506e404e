"""Consent pages: a patient's signed consents and signing (clinical capability), and the
clinic's consent form versions (clinic admins)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mesoclinic.access import Capability, access_patient, capabilities_at
from mesoclinic.audit.actor import actor_from
from mesoclinic.consent.forms import EnteredInErrorForm, SignForm, TemplateForm
from mesoclinic.consent.models import SignatureKind, SignedConsent
from mesoclinic.consent.selectors import (
    access_consent,
    access_form_history,
    consent_start_blocker,
    current_form,
    patient_consents,
    setup_clinics,
)
from mesoclinic.consent.services import (
    consent_mark_entered_in_error,
    consent_sign,
    consent_template_create,
    fill_in,
)
from mesoclinic.consent.signature import png_data_url
from mesoclinic.domain.errors import DomainError

SHOWN_SESSIONS = "[expected sessions: filled in below]"
SHOWN_COST = "[cost: filled in below]"


def _show_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_http_methods(["GET"])
def consent_list(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="consent page")
    form = current_form(patient.clinic)
    return render(
        request,
        "consent/list.html",
        {
            "patient": patient,
            "consents": patient_consents(actor, patient),
            "form": form,
            "blocker": consent_start_blocker(actor, patient),
            "can_set_up": Capability.SETUP in capabilities_at(actor, patient.clinic_id),
        },
    )


@require_http_methods(["GET", "POST"])
def consent_sign_view(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="consent form")
    shown = current_form(patient.clinic)
    sign_form = SignForm(
        request.POST or None,
        initial={"template_version": "" if shown.version is None else str(shown.version)},
    )
    if request.method == "POST" and sign_form.is_valid():
        data = sign_form.cleaned_data
        drawn = data["signature_kind"] == SignatureKind.DRAWN
        try:
            consent = consent_sign(
                actor=actor,
                patient=patient,
                template_version=data["template_version"],
                patient_typed_name=data["patient_typed_name"],
                expected_sessions=data["expected_sessions"],
                cost=data["cost"],
                signature_kind=data["signature_kind"],
                representative_name=data["representative_name"],
                representative_relation=data["representative_relation"],
                # A drawing left over from before switching to a typed signature is dropped.
                signature_png=data["signature_png"] if drawn else "",
            )
        except DomainError as error:
            if error.field == "signature_png":
                sign_form.add_error("signature_kind", error.message)
            else:
                _show_error(sign_form, error)
        else:
            messages.success(request, "Consent signed.")
            return redirect("consent:detail", consent_id=consent.id)
    return render(
        request,
        "consent/sign.html",
        {
            "patient": patient,
            "shown": shown,
            "shown_text": fill_in(shown.body, expected_sessions=SHOWN_SESSIONS, cost=SHOWN_COST),
            "sign_form": sign_form,
        },
    )


def _detail(
    request: HttpRequest, consent: SignedConsent, error_form: EnteredInErrorForm | None = None
) -> HttpResponse:
    signature = png_data_url(bytes(consent.signature_png)) if consent.signature_png else ""
    return render(
        request,
        "consent/detail.html",
        {
            "consent": consent,
            "patient": consent.patient,
            "signature_image": signature,
            "error_form": error_form or EnteredInErrorForm(),
        },
    )


@require_http_methods(["GET"])
def consent_detail(request: HttpRequest, consent_id: int) -> HttpResponse:
    return _detail(request, access_consent(actor_from(request), consent_id))


@require_POST
def consent_entered_in_error(request: HttpRequest, consent_id: int) -> HttpResponse:
    actor = actor_from(request)
    consent = access_consent(actor, consent_id)
    form = EnteredInErrorForm(request.POST)
    if form.is_valid():
        try:
            consent_mark_entered_in_error(
                actor=actor, consent=consent, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, "Marked as entered in error. It is kept, not deleted.")
            return redirect("consent:list", patient_id=consent.patient_id)
    return _detail(request, consent, error_form=form)


@require_http_methods(["GET"])
def template_index(request: HttpRequest) -> HttpResponse:
    clinics = setup_clinics(actor_from(request))
    if not clinics:
        raise Http404("No such page.")
    if len(clinics) == 1:
        return redirect("consent:templates", clinic_id=clinics[0].id)
    return render(
        request,
        "consent/template_index.html",
        {"forms": [current_form(clinic) for clinic in clinics]},
    )


@require_http_methods(["GET", "POST"])
def template_manage(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    shown, history = access_form_history(actor, clinic_id)
    form = TemplateForm(request.POST or None, initial={"title": shown.title, "body": shown.body})
    if request.method == "POST" and form.is_valid():
        try:
            template = consent_template_create(
                actor=actor,
                clinic=shown.clinic,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, f"Saved as version {template.version}.")
            return redirect("consent:templates", clinic_id=shown.clinic.id)
    return render(
        request,
        "consent/template_manage.html",
        {"shown": shown, "history": history, "form": form},
    )
