from django.apps import AppConfig


class RecallsConfig(AppConfig):
    name = "mesoclinic.recalls"
    label = "recalls"
