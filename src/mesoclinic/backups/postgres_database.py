"""PostgreSQL: `pg_dump --format=custom` run inside an exported snapshot, so the row
counts taken in the same REPEATABLE READ transaction match the dump exactly; restore with
`pg_restore --single-transaction --exit-on-error` into the empty database."""

import glob
import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection, transaction

from mesoclinic.backups.archive import ArchiveError
from mesoclinic.backups.snapshot import Snapshot, read_snapshot

TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
FUNCTIONS = """
SELECT p.oid::regprocedure::text FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema() AND p.prokind = 'f'
  -- An extension's functions (btree_gist's) go with the extension, which stays.
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""


def client(program: str) -> str:
    """The newest client on the machine: Debian keeps them under /usr/lib/postgresql."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{program}"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    path = found[-1] if found else shutil.which(program)
    if not path:
        raise ArchiveError(f"{program} is not installed; install Debian's postgresql-client.")
    return path


def _major_version(path: str) -> int:
    name = Path(path).parent.parent.name
    return int(name) if name.isdigit() else 0


def client_env() -> dict[str, str]:
    """Connection settings for the client programs, through the environment so the
    password never shows in a process list."""
    db = connection.settings_dict
    env = dict(os.environ)
    values = {
        "PGDATABASE": db.get("NAME"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGHOST": db.get("HOST"),
        "PGPORT": str(db.get("PORT") or ""),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _run(command: list[str]) -> None:
    # The program is found by client(); its arguments are ours, never user input.
    result = subprocess.run(  # noqa: S603
        command, env=client_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise ArchiveError(f"{Path(command[0]).name} failed (exit {result.returncode}): {last}")


def snapshot_into(target: Path) -> Snapshot:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        cursor.execute(TABLES)
        snapshot = read_snapshot(cursor, [row[0] for row in cursor.fetchall()])
        # The transaction stays open until pg_dump has read the same snapshot.
        _run(
            [
                client("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
            ]
        )
    return snapshot


def read_current() -> Snapshot:
    with connection.cursor() as cursor:
        cursor.execute(TABLES)
        return read_snapshot(cursor, [row[0] for row in cursor.fetchall()])


def drop_everything() -> None:
    """Empty the schema of the (row-free) instance: tables, their sequences, functions."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(TABLES)
        tables = [row[0] for row in cursor.fetchall()]
        if tables:
            names = ", ".join(f'"{t}"' for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
        cursor.execute(FUNCTIONS)
        for (function,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")


def restore_from(dump: Path) -> None:
    """All or nothing: one transaction, stopped at the first error."""
    drop_everything()
    connection.close()
    _run(
        [
            client("pg_restore"),
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={client_env().get('PGDATABASE', '')}",
            str(dump),
        ]
    )
