"""`mesoclinic demo`: load the demo data. Demo accounts exist only through this command."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - published on purpose, for demo data only
DEMO_USERS = ("riverside.practitioner",)


class Command(BaseCommand):
    help = "Load the demo data (demo accounts share the password demo-password-123)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only load into a database that has no users yet",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        if options["if_empty"] and users.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
        else:
            with transaction.atomic():
                for username in DEMO_USERS:
                    user, _ = users.get_or_create(username=username)
                    user.set_password(DEMO_PASSWORD)
                    user.save()
            self.stdout.write("Demo data loaded.")
        if users.filter(username__in=DEMO_USERS).exists():
            self.stdout.write(f"Demo login: {DEMO_USERS[0]} / password {DEMO_PASSWORD}")
