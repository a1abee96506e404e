from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mesoclinic.access import Capability, access_chain_clinics, access_clinics
from mesoclinic.adverse_events.selectors import dashboard_panel
from mesoclinic.audit.actor import actor_from
from mesoclinic.pages.clinic_choice import clinic_choice
from mesoclinic.planning.protocol import clinic_protocol_at, current_protocol
from mesoclinic.planning.protocol_facts import protocol_groups
from mesoclinic.web.reports import clinic_figures
from mesoclinic.web.today import clinic_day


def _day_page(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    context = {
        "today": clinic_day(actor, clinic_id),
        "adverse_events": dashboard_panel(actor),
    }
    return render(request, "web/today.html", context)


@never_cache
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Home: today at the user's clinic, a choice of clinic when she works at several."""
    actor = actor_from(request)
    clinics = list(access_clinics(actor, Capability.DEMOGRAPHICS).order_by("name"))
    if len(clinics) == 1:
        return _day_page(request, clinics[0].id)
    if clinics:
        return clinic_choice(request, clinics, page="today", template="web/choose_clinic.html")
    # Chain managers read reports only; anyone else here has no clinic yet.
    return render(
        request,
        "web/no_clinic.html",
        {"chain_manager": access_chain_clinics(actor).exists()},
    )


@never_cache
@require_GET
def today(request: HttpRequest, clinic_id: int) -> HttpResponse:
    return _day_page(request, clinic_id)


@require_GET
def protocol(request: HttpRequest) -> HttpResponse:
    """The protocol each of the user's clinics plans, screens and follows up with (a clinic
    may name its own file); the installation's for a user with no clinic."""
    clinics = access_clinics(actor_from(request), Capability.DEMOGRAPHICS).order_by("name")
    used_at: dict[str, list[str]] = {}
    for clinic in clinics:
        # Clinics on the installation's file, named or not, share one listing.
        path = clinic.protocol_path or settings.MESOCLINIC_PROTOCOL or ""
        used_at.setdefault(path, []).append(clinic.name)
    protocols = [(clinic_protocol_at(path), names) for path, names in used_at.items()]
    if not protocols:
        protocols = [(current_protocol(), [])]
    shown = [
        {"protocol": found, "clinics": names, "groups": protocol_groups(found), "index": index}
        for index, (found, names) in enumerate(protocols)
    ]
    return render(request, "web/protocol.html", {"protocols": shown})


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    figures = clinic_figures(actor_from(request), timezone.localdate())
    if not figures:
        raise Http404("No reports for this account.")
    return render(request, "web/reports.html", {"figures": figures})


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
