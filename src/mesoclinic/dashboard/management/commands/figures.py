"""`mesoclinic figures refresh [--clinic ID]`: compute the dashboard's figures again, for
one clinic or all, e.g. from a nightly timer so the first page view of the day is fast."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mesoclinic.clinics.models import Clinic
from mesoclinic.dashboard.services import figures_refresh


class Command(BaseCommand):
    help = "Compute the dashboard figures again: figures refresh [--clinic ID]."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["refresh"])
        parser.add_argument("--clinic", type=int, help="only this clinic (its id)")

    def handle(self, *args: Any, **options: Any) -> None:
        clinics = Clinic.objects.order_by("id")
        if options["clinic"] is not None:
            clinics = clinics.filter(id=options["clinic"])
            if not clinics.exists():
                raise CommandError(f"--clinic: no clinic has the id {options['clinic']}.")
        for clinic in clinics:
            snapshot = figures_refresh(clinic=clinic, now=timezone.now())
            self.stdout.write(
                f"{clinic.name}: figures as of {snapshot.computed_at:%Y-%m-%d %H:%M} UTC"
            )
