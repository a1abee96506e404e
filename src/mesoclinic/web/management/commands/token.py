"""`mesoclinic token create|list|revoke --user NAME`: personal API tokens."""

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesoclinic.audit.actor import Actor
from mesoclinic.web.models import ApiToken
from mesoclinic.web.tokens import token_create, token_revoke


class Command(BaseCommand):
    help = "Create, list or revoke a user's personal API tokens."
    # The system checks import the whole URL configuration (and with it the optimiser and
    # OR-Tools) to check it; a token needs none of that, and `mesoclinic check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("--user", required=True, help="the username the token acts as")
        parser.add_argument("--name", default="", help="a label, e.g. the script using it")
        parser.add_argument("--prefix", help="with revoke: the token's first characters")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['user']!r}.", returncode=2)
        # The command runs as the user whose tokens it manages; the trail says it came from the CLI.
        actor = Actor(user=user, via="cli")
        tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        if options["action"] == "create":
            _, token = token_create(actor=actor, user=user, name=options["name"])
            self.stdout.write("Keep this token secret; it is shown only once:")
            self.stdout.write(token)
        elif options["action"] == "list":
            for row in tokens.order_by("created_at"):
                self.stdout.write(
                    f"{row.prefix}…  {row.name or '-'}  created {row.created_at:%Y-%m-%d}"
                )
        else:
            if not options["prefix"]:
                raise CommandError("Give --prefix with the token's first characters.", returncode=2)
            matches = [row for row in tokens if row.prefix.startswith(options["prefix"])]
            if len(matches) != 1:
                raise CommandError(
                    f"{len(matches)} active tokens start with {options['prefix']!r}; "
                    "give the characters that tell it apart.",
                    returncode=2,
                )
            token_revoke(actor=actor, token=matches[0])
            self.stdout.write(f"Revoked {matches[0].prefix}…")
