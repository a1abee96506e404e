from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "mesoclinic.planning"
    label = "planning"
    verbose_name = "Course planning"

    def ready(self) -> None:
        from mesoclinic.planning import checks  # noqa: F401 - registers the system check
