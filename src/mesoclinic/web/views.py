from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mesoclinic.planning.presenters import grade_rows
from mesoclinic.planning.protocol import current_protocol


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    protocol = current_protocol()
    context = {"protocol": protocol, "grade_rows": grade_rows(protocol)}
    return render(request, "web/dashboard.html", context)


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
