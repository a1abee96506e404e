"""The portal's frame: sign in, sign out, and her home page. Each feature of the portal
(booking, documents, intake, side effects...) has its own views module beside this one."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import portal_read, portal_view
from mesoclinic.portal.booking.her_course import her_courses
from mesoclinic.portal.forms import PortalSignInForm
from mesoclinic.portal.signals import PORTAL_SESSION_KEY


class SignInView(auth_views.LoginView):
    template_name = "portal/sign_in.html"
    authentication_form = PortalSignInForm
    # Not Django's own redirect: it would send signed-in staff to the portal's 404 too.
    redirect_authenticated_user = False
    next_page = "portal:home"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """A patient already signed in (a bookmark, the back button) goes to her home."""
        signed_in = request.user.is_authenticated
        if signed_in and request.session.get(PORTAL_SESSION_KEY) is not None:
            return redirect("portal:home")
        return super().dispatch(request, *args, **kwargs)


class SignOutView(auth_views.LogoutView):
    next_page = "portal:login"


@never_cache
@require_GET
@portal_view
def home(request: HttpRequest, patient: Patient) -> HttpResponse:
    portal_read(request, "portal home")
    context = {
        "patient": patient,
        "clinic": patient.clinic,
        "courses": her_courses(patient, timezone.now()),
    }
    return render(request, "portal/home.html", context)
