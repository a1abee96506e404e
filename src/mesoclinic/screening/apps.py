from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "mesoclinic.screening"
    label = "screening"
