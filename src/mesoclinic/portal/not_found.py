"""The 404 page. On portal paths a patient (or a visitor who is not signed in) gets the
portal's own page: its frame, and a way back to her home or to the sign-in, not the staff
page's "Back to today". Staff signed in keep the staff page wherever they are."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from mesoclinic.portal.access import portal_patient
from mesoclinic.portal.signals import PORTAL_SESSION_KEY

PORTAL_PATHS = "/portal/"


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    user = getattr(request, "user", None)
    session = getattr(request, "session", {})
    signed_in = user is not None and user.is_authenticated
    is_patient = signed_in and session.get(PORTAL_SESSION_KEY) is not None
    if not request.path_info.startswith(PORTAL_PATHS) or (signed_in and not is_patient):
        return defaults.page_not_found(request, exception)
    patient = None
    if is_patient:
        try:
            patient = portal_patient(request)
        except Http404:
            patient = None  # her record was marked entered in error: no way home
    context = {"patient": patient, "clinic": patient.clinic if patient else None}
    return render(request, "portal/not_found.html", context, status=404)
