from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "mesoclinic.rota"
    label = "rota"
    verbose_name = "Staff rota"
