from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mesoclinic.access import Capability, access_clinic, capabilities_at
from mesoclinic.audit.actor import actor_from
from mesoclinic.dashboard.export import REMOVED, outcomes_export
from mesoclinic.dashboard.presenters import bar_chart
from mesoclinic.dashboard.selectors import access_dashboard, dashboards
from mesoclinic.dashboard.worklists import clinic_worklists


@never_cache
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """One clinic: its dashboard. Several (a chain manager's): side by side."""
    shown = dashboards(actor_from(request), timezone.now())
    if not shown:
        raise Http404("No clinic's figures for this account.")
    if len(shown) == 1:
        return redirect("dashboard:clinic", clinic_id=shown[0].clinic.id)
    return render(request, "dashboard/index.html", {"dashboards": shown})


@never_cache
@require_GET
def clinic(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor, now = actor_from(request), timezone.now()
    shown = access_dashboard(actor, clinic_id, now)
    usage = shown.figures["week"]["utilisation"]
    capabilities = capabilities_at(actor, clinic_id)
    context = {
        "dashboard": shown,
        "figures": shown.figures,
        "rooms_chart": bar_chart(usage["rooms"]),
        "people_chart": bar_chart(usage["practitioners"]),
        "worklists": clinic_worklists(actor, shown.clinic, capabilities, now),
        "may_export": Capability.SETUP in capabilities,
    }
    return render(request, "dashboard/clinic.html", context)


@never_cache
@require_GET
def outcomes(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    shown = access_dashboard(actor, clinic_id, timezone.now())
    context = {
        "dashboard": shown,
        "outcomes": shown.figures["outcomes"],
        "may_export": Capability.SETUP in capabilities_at(actor, clinic_id),
        "removed": REMOVED,
    }
    return render(request, "dashboard/outcomes.html", context)


@require_GET
def export(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    response = HttpResponse(
        outcomes_export(actor=actor, clinic=clinic), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="outcomes-deidentified.csv"'
    return response
