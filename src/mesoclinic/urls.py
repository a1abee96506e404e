from django.contrib import admin
from django.urls import include, path

from mesoclinic.api import api

urlpatterns = [
    path("", include("mesoclinic.web.urls")),
    path("plan/", include("mesoclinic.planning.urls")),
    path("patients/", include("mesoclinic.patients.urls")),
    path("", include("mesoclinic.screening.urls")),
    path("", include("mesoclinic.consent.urls")),
    path("", include("mesoclinic.assessments.urls")),
    path("", include("mesoclinic.formulary.urls")),
    path("", include("mesoclinic.courses.urls")),
    path("", include("mesoclinic.progress.urls")),
    path("", include("mesoclinic.adverse_events.urls")),
    path("", include("mesoclinic.charting.urls")),
    path("", include("mesoclinic.appointments.urls")),
    path("", include("mesoclinic.recalls.urls")),
    path("", include("mesoclinic.documents.urls")),
    path("", include("mesoclinic.messaging.urls")),
    path("", include("mesoclinic.waitlist.urls")),
    path("calendar/", include("mesoclinic.appointments.calendar_files.urls")),
    path("rota/", include("mesoclinic.rota.urls")),
    path("clinic/", include("mesoclinic.clinics.urls")),
    path("audit/", include("mesoclinic.audit.urls")),
    path("dashboard/", include("mesoclinic.dashboard.urls")),
    path("portal/waitlist/", include("mesoclinic.waitlist.portal_urls")),
    path("portal/", include("mesoclinic.portal.urls")),
    path("", include("mesoclinic.portal.accounts.staff_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Portal paths get the portal's own 404 page; every other path the staff one.
handler404 = "mesoclinic.portal.not_found.page_not_found"
