from django.apps import AppConfig


class AdverseEventsConfig(AppConfig):
    name = "mesoclinic.adverse_events"
    label = "adverse_events"
