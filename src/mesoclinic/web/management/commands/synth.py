"""`mesoclinic synth`: fill the database with a synthetic chain at size, for benchmarks."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.progress import Progress

from mesoclinic.synth.generate import AlreadySynthesised, Sizes, synthesise
from mesoclinic.synth.organisation import SYNTH_PASSWORD, usernames


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Write a synthetic chain (patients, screenings, consents, assessments, courses, "
        "appointments, charts with lots and stock, adverse events, recalls) with bulk "
        "inserts; the same seed makes the same rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinics", type=_positive, default=1)
        parser.add_argument("--patients", type=_positive, default=3000, help="in all")
        parser.add_argument("--years", type=float, default=2.5, help="of history")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the reference day YYYY-MM-DD (default: today)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0.1 <= options["years"] <= 20:
            raise CommandError("--years must be between 0.1 and 20.")
        sizes = Sizes(
            clinics=options["clinics"],
            patients=options["patients"],
            years=options["years"],
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
        )
        try:
            if options["quiet"]:
                counts = synthesise(sizes)
            else:
                with Progress(transient=True) as progress:
                    counts = synthesise(sizes, progress)
        except AlreadySynthesised as error:
            raise CommandError(str(error)) from error
        made = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
        self.stdout.write(f"Synthesised: {made}.")
        logins = usernames(sizes.seed, 0, 1)
        self.stdout.write(
            f"Logins (password {SYNTH_PASSWORD}): {logins[0]}, {logins[1]}, {logins[3]} and "
            "the like for each clinic."
        )
