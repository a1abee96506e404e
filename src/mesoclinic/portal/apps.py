from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mesoclinic.portal"
    label = "portal"

    def ready(self) -> None:
        from mesoclinic.portal import signals  # noqa: F401 - connects the log-in marker
