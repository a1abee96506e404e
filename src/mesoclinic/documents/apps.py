from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "mesoclinic.documents"
    label = "documents"
