from django.urls import include, path

from mesoclinic.api import api

urlpatterns = [
    path("", include("mesoclinic.web.urls")),
    path("plan/", include("mesoclinic.planning.urls")),
    path("patients/", include("mesoclinic.patients.urls")),
    path("", include("mesoclinic.screening.urls")),
    path("", include("mesoclinic.consent.urls")),
    path("", include("mesoclinic.assessments.urls")),
    path("api/v1/", api.urls),
]
