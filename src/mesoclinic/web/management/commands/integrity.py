"""`mesoclinic integrity`: check the database's invariants (`mesoclinic.integrity`), print
what is wrong by record id, and exit 1 when anything is."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mesoclinic.integrity import CHECKS, find_problems


class Command(BaseCommand):
    help = (
        "Check the database's invariants: stock equals its movements, every chart has its "
        "movements, no partial course booking, no overlapping appointments. Exit status 1 "
        "with a list when something is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="append",
            choices=list(CHECKS),
            help="run only this check (repeatable); all by default",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = options["check"] or list(CHECKS)
        problems = find_problems(names)
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            self.stderr.write(f"{len(problems)} problem(s) found by {len(names)} check(s).")
            raise SystemExit(1)
        self.stdout.write(f"No problems: {len(names)} checks passed.")
