"""Before the first visit: her health questions and the clinic's consent form. Each page
finds her from her account (`portal_view`), audits its read, and writes through the
services in `intake.py` and `consent.py`; nothing clinical is decided here."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mesoclinic.consent.signature import png_data_url
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import portal_actor, portal_read, portal_view
from mesoclinic.portal.intake.consent import consent_page, consent_sign_by_patient
from mesoclinic.portal.intake.consent_forms import PortalConsentForm
from mesoclinic.portal.intake.forms import HealthQuestionsForm
from mesoclinic.portal.intake.questions import intake_questions, intake_state, intake_submit

# Consent refusals name the consent service's fields; these are where they show here.
CONSENT_FIELDS = {"patient_typed_name": "typed_name"}


def _place(form: forms.Form, field: str | None, message: str) -> None:
    form.add_error(field if field in form.fields else None, message)


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def health_questions(request: HttpRequest, patient: Patient) -> HttpResponse:
    portal_read(request, "health questions")
    state = intake_state(patient)
    questions = intake_questions(patient.clinic)
    previous = {q.key: found for q in questions if (found := state.answer_of(q.key)) is not None}
    form = HealthQuestionsForm(request.POST or None, questions=questions, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            intake_submit(
                actor=portal_actor(request),
                patient=patient,
                answers=form.answers(),
                notes=form.notes(),
            )
        except DomainError as error:
            _place(form, form.field_for(error.field), error.message)
        else:
            messages.success(request, "Thank you: your answers have been sent to the clinic.")
            return redirect("portal:health_questions")
    return render(
        request,
        "portal/intake/health_questions.html",
        {"patient": patient, "clinic": patient.clinic, "form": form, "state": state},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def consent(request: HttpRequest, patient: Patient) -> HttpResponse:
    portal_read(request, "consent form")
    page = consent_page(patient)
    form = PortalConsentForm(
        request.POST or None, initial={"template_version": page.form.version or ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent_sign_by_patient(
                actor=portal_actor(request),
                patient=patient,
                template_version=form.cleaned_data["template_version"],
                typed_name=form.cleaned_data["typed_name"],
                signature_kind=form.cleaned_data["signature_kind"],
                signature_png=form.cleaned_data["signature_png"],
            )
        except DomainError as error:
            if error.field == "template_version":
                # She is shown the updated form, keeping what she typed; her next
                # signature is against the version she now reads.
                page = consent_page(patient)
                data = request.POST.copy()
                data["template_version"] = str(page.form.version or "")
                form = PortalConsentForm(data)
                form.is_valid()
            _place(form, CONSENT_FIELDS.get(error.field, error.field), error.message)
        else:
            messages.success(request, "Thank you: your consent has been recorded.")
            return redirect("portal:consent")
    signature = (
        png_data_url(bytes(page.signed.signature_png))
        if page.signed is not None and page.signed.signature_png
        else ""
    )
    return render(
        request,
        "portal/intake/consent.html",
        {
            "patient": patient,
            "clinic": patient.clinic,
            "page": page,
            "form": form,
            "signature": signature,
        },
    )
