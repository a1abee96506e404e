"""Patient accounts never reach a staff page or endpoint.

The session of a patient's account carries a marker set at log-in (`signals.py`). With it,
any path outside the portal answers as if it did not exist: 404 in JSON under /api/, and a
redirect to the portal home for pages (the one place she can do anything). Static files,
log-out and the health check stay open. Staff selectors would find nothing for her anyway
(she has no membership); this keeps her from even seeing a staff page's frame.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.urls import reverse

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
