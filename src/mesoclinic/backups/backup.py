"""`backup_create`: the database snapshot first, then every file under MEDIA_ROOT, into a
tar written beside its destination and renamed only once whole, so a failed backup
never leaves a file that looks like one."""

import os
import secrets
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection

from mesoclinic.backups import postgres_database, sqlite_database
from mesoclinic.backups.archive import (
    DATABASE_FILES,
    FORMAT_VERSION,
    ArchiveError,
    add_bytes,
    add_file,
    add_manifest,
)
from mesoclinic.backups.media import media_files, referenced_member
from mesoclinic.backups.snapshot import Snapshot


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int

    def __str__(self) -> str:
        return (
            f"Backup written to {self.path}: {self.tables} tables, {self.rows} rows, "
            f"{self.files} files, {self.bytes} bytes."
        )


def vendor_module(vendor: str) -> Any:
    if vendor == "sqlite":
        return sqlite_database
    if vendor == "postgresql":
        return postgres_database
    raise ArchiveError(f"Backups support SQLite and PostgreSQL, not {vendor}.")


def backup_create(*, out: Path) -> BackupSummary:
    out = out.resolve()
    if out.is_dir():
        raise ArchiveError(f"{out} is a directory; name the archive file to write.")
    if not out.parent.is_dir():
        raise ArchiveError(f"{out.parent} does not exist; create it or name another folder.")
    vendor = connection.vendor
    partial = out.parent / f".{out.name}.partial-{secrets.token_hex(4)}"
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as work:
            snapshot_file = Path(work) / "database"
            snapshot = vendor_module(vendor).snapshot_into(snapshot_file)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                files = _write_archive(handle, vendor, snapshot, snapshot_file)
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(
        path=out,
        tables=len(snapshot.table_counts),
        rows=sum(snapshot.table_counts.values()),
        files=len(files),
        bytes=out.stat().st_size,
    )


def _write_archive(
    handle: Any, vendor: str, snapshot: Snapshot, snapshot_file: Path
) -> dict[str, dict[str, Any]]:
    media_root = Path(settings.MEDIA_ROOT)
    files: dict[str, dict[str, Any]] = {}
    with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as tar:
        member = DATABASE_FILES[vendor]
        with snapshot_file.open("rb") as database:
            files[member] = add_file(tar, member, database, snapshot_file.stat().st_size)
        for relative, path in media_files(media_root):
            # Read once: the bytes hashed are the bytes archived, even if the file changes.
            files[f"media/{relative}"] = add_bytes(tar, f"media/{relative}", path.read_bytes())
        missing = sorted(
            member
            for member in (referenced_member(n, media_root) for n in snapshot.photo_names)
            if member not in files
        )
        if missing:
            raise ArchiveError(
                f"{len(missing)} photo file(s) named by the database are missing under "
                f"MEDIA_ROOT, first {missing[0].removeprefix('media/')}: no backup was written."
            )
        add_manifest(tar, _manifest(vendor, snapshot, files))
    return files


def _manifest(vendor: str, snapshot: Snapshot, files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "mesoclinic_version": version("mesoclinic"),
        "django_version": django.get_version(),
        "database_vendor": vendor,
        "migrations": snapshot.latest_migrations,
        "applied_migrations": [list(pair) for pair in snapshot.applied_migrations],
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "table_counts": snapshot.table_counts,
        "files": files,
    }
