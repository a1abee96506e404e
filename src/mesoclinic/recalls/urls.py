from django.urls import path

from mesoclinic.recalls import views

app_name = "recalls"
urlpatterns = [
    path("recalls/", views.home, name="home"),
    path("clinics/<int:clinic_id>/recalls/", views.clinic_list, name="list"),
    path("recalls/<int:recall_id>/", views.detail, name="detail"),
    path("recalls/<int:recall_id>/call/", views.record_call, name="call"),
    path("recalls/<int:recall_id>/postpone/", views.postpone, name="postpone"),
]
