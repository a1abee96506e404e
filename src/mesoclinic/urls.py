from django.urls import include, path

urlpatterns = [
    path("", include("mesoclinic.web.urls")),
    path("plan/", include("mesoclinic.planning.urls")),
]
