from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "mesoclinic.dashboard"
    label = "dashboard"
    verbose_name = "Clinic dashboard and outcomes"
