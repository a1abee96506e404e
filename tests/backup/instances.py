"""Whole mesoclinic instances for the backup tests: a var folder (media, secret key) and a
database of their own, SQLite in the SQLite run and a new database on the run's
PostgreSQL cluster in the PostgreSQL run. Commands run as subprocesses, as an operator
would run them."""

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}


@dataclass(frozen=True)
class Instance:
    var_dir: Path
    database_url: str

    @property
    def media_root(self) -> Path:
        return self.var_dir / "media"

    @property
    def sqlite_file(self) -> Path:
        return self.var_dir / "mesoclinic.sqlite3"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"MEDIA_ROOT", "DEBUG"}}
        env.update(
            DATABASE_URL=self.database_url,
            MESOCLINIC_VAR_DIR=str(self.var_dir),
            SECRET_KEY="backup-tests-" + "k" * 50,
            HTTPS_ONLY="false",
            DB_CONN_MAX_AGE="0",
        )
        return env

    def run(self, *args: str, timeout: int = 240) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mesoclinic", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def table_counts(self) -> dict[str, int]:
        if ON_POSTGRESQL:
            import psycopg

            with psycopg.connect(self.database_url) as db:
                tables = [
                    row[0]
                    for row in db.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    )
                ]
                return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        if not self.sqlite_file.exists():
            return {}
        with closing(sqlite3.connect(self.sqlite_file)) as db:
            tables = [
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608

    def tables_with_rows(self) -> list[str]:
        return sorted(t for t, n in self.table_counts().items() if n and t not in BOOKKEEPING)

    def media_files(self) -> list[str]:
        if not self.media_root.exists():
            return []
        return sorted(
            p.relative_to(self.media_root).as_posix()
            for p in self.media_root.rglob("*")
            if p.is_file()
        )


def _cluster_url(database: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


def _admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
        db.execute(statement)


def new_instance(root: Path, template: "Instance | None" = None) -> Instance:
    """An empty instance, or a copy of `template` (which must not be in use)."""
    var_dir = root / f"instance-{secrets.token_hex(4)}"
    var_dir.mkdir()
    if ON_POSTGRESQL:
        name = f"backup_test_{secrets.token_hex(6)}"
        copy = f' TEMPLATE "{urlsplit(template.database_url).path[1:]}"' if template else ""
        _admin_sql(f'CREATE DATABASE "{name}"{copy}')
        instance = Instance(var_dir, _cluster_url(name))
    else:
        instance = Instance(var_dir, f"sqlite:///{var_dir / 'mesoclinic.sqlite3'}")
        if template:
            with (
                closing(sqlite3.connect(template.sqlite_file)) as source,
                closing(sqlite3.connect(instance.sqlite_file)) as copy,
            ):
                source.backup(copy)
    if template and template.media_root.exists():
        shutil.copytree(template.media_root, instance.media_root)
    return instance


def drop_instance(instance: Instance) -> None:
    if ON_POSTGRESQL:
        name = urlsplit(instance.database_url).path[1:]
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(instance.var_dir, ignore_errors=True)
