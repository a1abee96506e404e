from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mesoclinic.portal"
    label = "portal"

    def ready(self) -> None:
        # Connects the log-in marker; registers the reminder and invitation producers.
        from mesoclinic.portal import signals  # noqa: F401
        from mesoclinic.portal.reminders import due, invitations  # noqa: F401
