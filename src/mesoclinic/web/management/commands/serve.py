"""`mesoclinic serve [ADDR:PORT] [--workers N]`: the web app on gunicorn, one process per
core (the choices are explained in mesoclinic/serving/gunicorn_app.py)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def parse_address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"Give the address as ADDR:PORT, e.g. 127.0.0.1:8000; got {text!r}.")
    return host, int(port)


class Command(BaseCommand):
    help = "Serve the web app (default 127.0.0.1:8000), one process per core."
    # Checks run in handle(), once the address is known to be valid.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="server processes (default: WEB_WORKERS, or one per core)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from mesoclinic.serving.gunicorn_app import (
            MesoclinicServer,
            default_workers,
            server_options,
        )
        from mesoclinic.wsgi import application

        host, port = parse_address(options["addrport"])
        try:
            workers = default_workers() if options["workers"] is None else options["workers"]
        except ValueError as error:
            raise CommandError(str(error)) from None
        if workers < 1:
            raise CommandError(f"--workers must be 1 or more; got {workers}.")
        self.check(display_num_errors=False)
        self.check_migrations()
        shown = f"[{host}]" if ":" in host else host

        def announce(server: Any) -> None:
            # Printed once the socket listens: whoever waits for this line may connect.
            self.stdout.write(f"mesoclinic is serving on http://{shown}:{port}/ (Ctrl-C to stop)")
            self.stdout.flush()

        trusted = ",".join(str(network) for network in settings.TRUSTED_PROXIES)
        options = server_options(
            bind=f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            workers=workers,
            trusted_proxies=trusted,
            when_ready=announce,
        )
        MesoclinicServer(application, options).run()
