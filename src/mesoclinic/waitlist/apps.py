from django.apps import AppConfig


class WaitlistConfig(AppConfig):
    name = "mesoclinic.waitlist"
    label = "waitlist"

    def ready(self) -> None:
        from mesoclinic.waitlist import due  # noqa: F401 - registers the expiry producer
