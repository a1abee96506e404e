from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mesoclinic.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from mesoclinic.web import signals  # noqa: F401 - connects the receivers
