from django.apps import AppConfig


class ChartingConfig(AppConfig):
    name = "mesoclinic.charting"
    label = "charting"
    verbose_name = "Session charting"
