from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "mesoclinic.appointments"
    label = "appointments"
    verbose_name = "Appointments"
