from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "mesoclinic.patients"
    label = "patients"
    verbose_name = "Patients"
