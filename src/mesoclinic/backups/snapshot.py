"""What a database snapshot holds, read from inside it: the row count of every table, the
migrations applied, and the photo file names its rows name. Both vendors read it with
the same queries, from the snapshot itself, so the counts match the dump exactly."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from mesoclinic.backups.media import photo_queries

# Rows `mesoclinic migrate` writes into an empty instance; they do not make it non-empty.
MIGRATE_BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True)
class Snapshot:
    table_counts: dict[str, int]
    applied_migrations: list[tuple[str, str]]
    photo_names: set[str]

    @property
    def latest_migrations(self) -> dict[str, str]:
        latest: dict[str, str] = {}
        for app, name in self.applied_migrations:
            latest[app] = name  # applied order: the last one of an app is its latest
        return latest


def quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def count_rows(cursor: Cursor, tables: Iterable[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quoted(table)}")  # noqa: S608 - catalogue names
        counts[table] = int(cursor.fetchall()[0][0])
    return counts


def read_snapshot(cursor: Cursor, tables: Iterable[str]) -> Snapshot:
    tables = set(tables)
    counts = count_rows(cursor, tables)
    applied: list[tuple[str, str]] = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        applied = [(str(app), str(name)) for app, name in cursor.fetchall()]
    names: set[str] = set()
    for query in photo_queries():
        if query.split(" FROM ")[1] in tables:
            cursor.execute(query)
            names.update(str(row[0]) for row in cursor.fetchall())
    return Snapshot(counts, applied, names)


def tables_with_rows(counts: dict[str, int]) -> list[str]:
    return sorted(t for t, n in counts.items() if n and t not in MIGRATE_BOOKKEEPING)
