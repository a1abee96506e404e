"""The `mesoclinic` console command: Django's management commands under one name."""

import os
import sys
from importlib import import_module

# Commands that read no database row and no model: they run without loading every app
# (models, admin, signals), so a script calling them many times is not kept waiting.
# They run no system checks either (their `requires_system_checks` is empty).
WITHOUT_APPS = {"plan": "mesoclinic.planning.management.commands.plan"}
# Commands spelt with a hyphen on the command line; Django's module names cannot hold one.
SPELLINGS = {"send-due": "send_due"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoclinic.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SPELLINGS:
        args[0] = SPELLINGS[args[0]]
    if args and args[0] in WITHOUT_APPS:
        command = import_module(WITHOUT_APPS[args[0]]).Command()
        command.run_from_argv(["mesoclinic", *args])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mesoclinic", *args])


if __name__ == "__main__":
    main()
