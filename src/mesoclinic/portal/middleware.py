"""Patient accounts never reach a staff page or endpoint.

The session of a patient's account carries a marker set at log-in (`signals.py`). With it,
any path outside the portal answers as if it did not exist: 404 in JSON under /api/, and a
redirect to the portal home for pages (the one place she can do anything). Static files,
log-out and the health check stay open. Staff selectors would find nothing for her anyway
(she has no membership); this keeps her from even seeing a staff page's frame.
"""

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from mesoclinic.portal.models import PatientAccount
from mesoclinic.portal.signals import PORTAL_SESSION_KEY

OPEN_TO_PATIENTS = ("/portal/", "/api/v1/portal/", "/static/", "/healthz", "/logout/")


class PatientsStayInThePortal:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        is_patient = (
            user is not None
            and user.is_authenticated
            and request.session.get(PORTAL_SESSION_KEY) is not None
        )
        if is_patient and not request.path_info.startswith(OPEN_TO_PATIENTS):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": "Not found."}, status=404)
            return HttpResponseRedirect(reverse("portal:home"))
        return self.get_response(request)


class PatientTimeZone:
    """A patient's pages show times in her clinic's zone, as staff pages show theirs
    (`web.middleware.ClinicTimeZone`, which finds no clinic for her: she has no membership).
    Goes after it, inside the zone it set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        patient_id = (
            request.session.get(PORTAL_SESSION_KEY) if hasattr(request, "session") else None
        )
        if user is None or not user.is_authenticated or patient_id is None:
            return self.get_response(request)
        zone = (
            PatientAccount.objects.filter(user_id=user.pk, patient_id=patient_id)
            .values_list("patient__clinic__time_zone", flat=True)
            .first()
        )
        if zone is None:
            return self.get_response(request)
        timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
