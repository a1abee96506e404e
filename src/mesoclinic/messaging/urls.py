from django.urls import path

from mesoclinic.messaging import views

app_name = "messaging"
urlpatterns = [
    path("messages/", views.home, name="home"),
    path("clinics/<int:clinic_id>/messages/", views.clinic_list, name="list"),
    path("messages/<int:message_id>/send-again/", views.resend, name="resend"),
]
