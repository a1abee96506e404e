from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mesoclinic.adverse_events.selectors import dashboard_panel
from mesoclinic.audit.actor import actor_from
from mesoclinic.planning.presenters import grade_rows
from mesoclinic.planning.protocol import current_protocol
from mesoclinic.web.reports import clinic_figures


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    protocol = current_protocol()
    context = {
        "protocol": protocol,
        "grade_rows": grade_rows(protocol),
        "adverse_events": dashboard_panel(actor_from(request)),
    }
    return render(request, "web/dashboard.html", context)


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
