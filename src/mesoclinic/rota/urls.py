from django.urls import path

from mesoclinic.rota import views

app_name = "rota"
urlpatterns = [
    path("", views.rota_index, name="index"),
    path("<int:clinic_id>/", views.overview, name="overview"),
    path("<int:clinic_id>/shifts/<int:practitioner_id>/", views.shifts, name="shifts"),
    path("<int:clinic_id>/absences/new/", views.absence_new, name="absence_new"),
    path(
        "<int:clinic_id>/absences/<int:absence_id>/cancel/",
        views.absence_cancel_view,
        name="absence_cancel",
    ),
    path("<int:clinic_id>/room-closures/new/", views.room_closure_new, name="room_closure_new"),
    path(
        "<int:clinic_id>/room-closures/<int:closure_id>/remove/",
        views.room_closure_remove_view,
        name="room_closure_remove",
    ),
]
