"""`backup_restore`: into an empty instance only, after the whole archive was checked.
The database and the media are built in temporary places beside their targets and
switched in at the end; any refusal or failure leaves the instance as empty as it was."""

import hashlib
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from mesoclinic.backups import postgres_database, sqlite_database
from mesoclinic.backups.archive import (
    CHUNK,
    MEDIA_PREFIX,
    VENDOR_NAMES,
    ArchiveError,
    CheckedArchive,
    read_and_check,
)
from mesoclinic.backups.backup import vendor_module
from mesoclinic.backups.media import holds_files
from mesoclinic.backups.snapshot import tables_with_rows


@dataclass(frozen=True)
class RestoreSummary:
    table_counts: dict[str, int]
    files: int
    migrations_applied: int


def backup_restore(*, path: Path, say: Callable[[str], None] = lambda _: None) -> RestoreSummary:
    archive = read_and_check(str(path))
    say(f"Archive checked: {len(archive.manifest['files'])} files match their SHA-256.")
    _check_vendor(archive)
    _check_migrations_known(archive)
    _check_empty()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        staged_media = Path(work) / "media"
        staged_media.mkdir(mode=0o700)
        database_file = Path(work) / "database"
        _extract(path, archive, database_file, staged_media)
        if archive.vendor == "sqlite":
            _restore_sqlite(archive, database_file)
        else:
            _restore_postgresql(archive, database_file)
        if media_root.exists():
            shutil.rmtree(media_root)  # empty: _check_empty found no file in it
        staged_media.rename(media_root)
    pending = _pending_migrations()
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    counts = vendor_module(connection.vendor).read_current().table_counts
    return RestoreSummary(counts, len(archive.media_members), pending)


def _check_vendor(archive: CheckedArchive) -> None:
    here = connection.vendor
    if archive.vendor != here:
        raise ArchiveError(
            f"This archive holds a {VENDOR_NAMES[archive.vendor]} database; this instance "
            f"uses {VENDOR_NAMES.get(here, here)}. Restore it into a "
            f"{VENDOR_NAMES[archive.vendor]} instance."
        )


def _check_migrations_known(archive: CheckedArchive) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [pair for pair in archive.manifest["applied_migrations"] if tuple(pair) not in known]
    if unknown:
        app, name = unknown[0]
        raise ArchiveError(
            "This archive comes from a newer mesoclinic "
            f"({archive.manifest['mesoclinic_version']}): its migration {app}.{name} is "
            "unknown here. Upgrade mesoclinic, then restore."
        )


def _check_empty() -> None:
    current = vendor_module(connection.vendor).read_current()
    full = tables_with_rows(current.table_counts)
    if full:
        raise ArchiveError(
            f"This instance is not empty: {', '.join(full[:5])}"
            f"{' and more' if len(full) > 5 else ''} hold rows. Restore into an empty "
            "instance (a new database)."
        )
    if holds_files(Path(settings.MEDIA_ROOT)):
        raise ArchiveError(
            f"This instance is not empty: MEDIA_ROOT ({settings.MEDIA_ROOT}) holds files."
        )


def _extract(path: Path, archive: CheckedArchive, database_file: Path, media: Path) -> None:
    """Write out each file, checking its SHA-256 again: the archive may have changed since."""
    files = archive.manifest["files"]
    with tarfile.open(path, "r:") as tar:
        for member in tar:
            if member.name not in files:
                continue
            if member.name == archive.database_member:
                target = database_file
            else:
                target = media / member.name.removeprefix(MEDIA_PREFIX)
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is None:  # checked: a regular file
                raise ArchiveError(f"{member.name}: cannot be read.")
            digest = hashlib.sha256()
            with target.open("xb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            target.chmod(0o600)
            if digest.hexdigest() != files[member.name]["sha256"]:
                raise ArchiveError(f"{member.name}: changed while it was being restored.")


def _check_counts(archive: CheckedArchive, counts: dict[str, int]) -> None:
    expected: dict[str, int] = archive.manifest["table_counts"]
    for table, rows in sorted(expected.items()):
        if counts.get(table) != rows:
            raise ArchiveError(
                f"Table {table}: {counts.get(table, 'no table')} rows restored, the manifest "
                f"says {rows}. Nothing was restored."
            )


def _restore_sqlite(archive: CheckedArchive, database_file: Path) -> None:
    _check_counts(archive, sqlite_database.read_file(database_file).table_counts)
    staged = sqlite_database.staging_path()
    shutil.move(database_file, staged)
    try:
        sqlite_database.switch_in(staged)
    finally:
        staged.unlink(missing_ok=True)


def _restore_postgresql(archive: CheckedArchive, dump: Path) -> None:
    try:
        postgres_database.restore_from(dump)
        _check_counts(archive, postgres_database.read_current().table_counts)
    except BaseException:
        postgres_database.drop_everything()
        raise


def _pending_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
