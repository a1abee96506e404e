from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "mesoclinic.consent"
    label = "consent"
