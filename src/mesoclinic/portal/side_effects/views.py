"""Her side-effect pages: her reports with their state, a new report, one report (where a
serious type tells her to call at once), and the photos she sent."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mesoclinic.assessments.responses import photo_response
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.portal.access import portal_actor, portal_view
from mesoclinic.portal.side_effects.forms import SideEffectForm
from mesoclinic.portal.side_effects.services import (
    her_report,
    her_report_photo,
    her_reports,
    side_effect_report,
)

INVALID = 422


@never_cache
@require_GET
@portal_view
def side_effect_list(request: HttpRequest, patient: Patient) -> HttpResponse:
    reports = her_reports(portal_actor(request), patient)
    return render(
        request,
        "portal/side_effects/list.html",
        {"patient": patient, "clinic": patient.clinic, "reports": reports},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def side_effect_new(request: HttpRequest, patient: Patient) -> HttpResponse:
    today = clinic_today(patient.clinic)
    form = SideEffectForm(
        request.POST or None,
        request.FILES or None,
        protocol=clinic_protocol(patient.clinic),
        today=today,
        initial={"onset_on": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = side_effect_report(
                actor=portal_actor(request),
                patient=patient,
                event_type=form.cleaned_data["event_type"],
                onset_on=form.cleaned_data["onset_on"],
                description=form.cleaned_data["description"],
                photo=form.cleaned_data.get("photo"),
            )
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Thank you: your report has been sent to the clinic.")
            return redirect("portal:side_effect", event_id=event.id)
    return render(
        request,
        "portal/side_effects/new.html",
        {
            "patient": patient,
            "clinic": patient.clinic,
            "form": form,
            # A browser never keeps a chosen file: say so when the form comes back.
            "photo_dropped": request.method == "POST" and bool(request.FILES),
        },
        status=INVALID if request.method == "POST" else 200,
    )


@never_cache
@require_GET
@portal_view
def side_effect_detail(request: HttpRequest, patient: Patient, event_id: int) -> HttpResponse:
    report = her_report(portal_actor(request), patient, event_id)
    return render(
        request,
        "portal/side_effects/detail.html",
        {"patient": patient, "clinic": patient.clinic, "report": report},
    )


@never_cache
@require_GET
@portal_view
def side_effect_photo(request: HttpRequest, patient: Patient, photo_id: int) -> FileResponse:
    photo = her_report_photo(portal_actor(request), patient, photo_id)
    return photo_response(photo, thumbnail=False, kind="side-effect-photo")
