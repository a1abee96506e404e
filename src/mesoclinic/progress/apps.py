from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "mesoclinic.progress"
    label = "progress"
