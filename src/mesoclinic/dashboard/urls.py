from django.urls import path

from mesoclinic.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:clinic_id>/", views.clinic, name="clinic"),
    path("<int:clinic_id>/outcomes/", views.outcomes, name="outcomes"),
    path("<int:clinic_id>/outcomes/export.csv", views.export, name="export"),
]
