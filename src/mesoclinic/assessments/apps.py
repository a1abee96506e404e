from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "mesoclinic.assessments"
    label = "assessments"
