"""`mesoclinic backup --out FILE`: the database and every photo in one checked archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesoclinic.backups.archive import ArchiveError
from mesoclinic.backups.backup import backup_create


class Command(BaseCommand):
    help = "Write a consistent backup of the database and MEDIA_ROOT to one archive (tar)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="the archive to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(out=options["out"])
        except ArchiveError as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(str(summary))
