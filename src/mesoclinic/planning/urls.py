from django.urls import path

from mesoclinic.planning import views

app_name = "planning"
urlpatterns = [
    path("estimate/", views.estimate, name="estimate"),
]
