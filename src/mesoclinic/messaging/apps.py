from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "mesoclinic.messaging"
    label = "messaging"

    def ready(self) -> None:
        from mesoclinic.messaging import checks  # noqa: F401 - registers the system check
