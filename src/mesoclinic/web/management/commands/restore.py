"""`mesoclinic restore FILE`: an archive of `mesoclinic backup` into an empty instance."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesoclinic.backups.archive import ArchiveError
from mesoclinic.backups.restore import backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into this empty instance (database and MEDIA_ROOT)."
    # The instance may be a fresh, unmigrated database: checks need no tables.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["archive"].is_file():
            raise CommandError(f"Restore refused: {options['archive']} is not a file.")
        try:
            summary = backup_restore(path=options["archive"], say=self.stdout.write)
        except ArchiveError as error:
            raise CommandError(f"Restore refused: {error}") from error
        if summary.migrations_applied:
            self.stdout.write(f"Applied {summary.migrations_applied} newer migrations.")
        self.stdout.write(
            f"Restored {len(summary.table_counts)} tables, "
            f"{sum(summary.table_counts.values())} rows, {summary.files} files:"
        )
        for table, rows in sorted(summary.table_counts.items()):
            self.stdout.write(f"  {table} {rows}")
