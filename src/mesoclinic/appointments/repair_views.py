"""The sick-day page: what the repair would move, as a diff, then apply it and list the
patients to call."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from mesoclinic.appointments.absence_repair import absence_repair_apply, absence_repair_preview
from mesoclinic.appointments.services import BookingRefused
from mesoclinic.audit.actor import actor_from


@require_http_methods(["GET", "POST"])
def absence_repair(request: HttpRequest, absence_id: int) -> HttpResponse:
    actor = actor_from(request)
    if request.method == "GET":
        preview = absence_repair_preview(actor, absence_id)
        return render(request, "appointments/repair.html", {"preview": preview})
    try:
        applied = absence_repair_apply(
            actor=actor, absence_id=absence_id, fingerprint=request.POST.get("fingerprint", "")
        )
    except BookingRefused as refused:
        preview = absence_repair_preview(actor, absence_id)
        context = {"preview": preview, "error": refused.message}
        return render(request, "appointments/repair.html", context, status=409)
    return render(request, "appointments/repair.html", {"preview": applied, "applied": True})
