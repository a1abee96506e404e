"""SQLite: a snapshot through SQLite's online backup API (never a copy of the live file,
which a write in progress would tear), and a restore that builds the database file
beside the target and switches it in with one rename."""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connections

from mesoclinic.backups.archive import ArchiveError
from mesoclinic.backups.snapshot import Snapshot, read_snapshot

TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def database_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"]).resolve()


def snapshot_into(target: Path) -> Snapshot:
    """Copy the live database into `target` as of one moment, while the app writes."""
    if not database_path().is_file():
        raise ArchiveError(f"{database_path()}: no database there to back up.")
    with (
        closing(sqlite3.connect(database_path(), timeout=30)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)  # all pages in one step, under one read transaction
    return read_file(target)


def read_file(path: Path) -> Snapshot:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        cursor = db.cursor()
        tables = [row[0] for row in cursor.execute(TABLES).fetchall()]
        return read_snapshot(cursor, tables)


def read_current() -> Snapshot:
    path = database_path()
    if not path.exists():
        return Snapshot({}, [], set())
    return read_file(path)


def switch_in(restored: Path) -> None:
    """Replace the (empty) target database by the restored file. Its write-ahead log and
    shared-memory files go first: left beside the new file they would be replayed into it."""
    target = database_path()
    connections.close_all()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(restored, target)


def staging_path() -> Path:
    target = database_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.parent / f".{target.name}.restoring-{os.getpid()}"
