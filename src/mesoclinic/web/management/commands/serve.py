"""`mesoclinic serve [ADDR:PORT]`: the web app on waitress, a production WSGI server."""

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
    help = "Serve the web app (default 127.0.0.1:8000)."
    # Checks run in handle(), once the address is known to be valid.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from mesoclinic.wsgi import application

        host, port = parse_address(options["addrport"])
        self.check(display_num_errors=False)
        self.check_migrations()
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"mesoclinic is serving on http://{shown}:{port}/ (Ctrl-C to stop)")
        # The server stops reading a body past the photo limit, before it fills the disk.
        body_limit = settings.MESOCLINIC_PHOTO_MAX_BYTES + 1024 * 1024
        serve(
            application,
            host=host,
            port=port,
            threads=options["threads"],
            ident="mesoclinic",
            max_request_body_size=body_limit,
        )
