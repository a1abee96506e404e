"""A database for tests that run `mesoclinic worker` as a real process: a copy of the
test's own database as it stands (use `transactional_db`, so what the test wrote is
committed and copied): a file SQLite database in a temporary directory on the SQLite run,
a database cloned from the test database on the PostgreSQL run. The worker and the other
commands reach it through DATABASE_URL; the test reads it with plain SQL, as an outside
observer (its own connection stays on the test database)."""

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]


def on_postgresql() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


@dataclass
class OwnDatabase:
    env: dict[str, str]
    query: Callable[..., list[tuple[Any, ...]]]
    directory: Path

    def run(self, *argv: str, timeout: float = 120) -> str:
        """A command against this database; its standard output."""
        done = subprocess.run(
            [sys.executable, *argv],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start_worker(self, name: str) -> subprocess.Popen[str]:
        log = open(self.directory / f"{name}.log", "w")  # noqa: SIM115
        return subprocess.Popen(
            [sys.executable, "-m", "mesoclinic", "worker", "--interval", "0.2"],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def log(self, name: str) -> str:
        return (self.directory / f"{name}.log").read_text(errors="replace")


def _sqlite(path: Path) -> Callable[..., list[tuple[Any, ...]]]:
    def query(sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path, timeout=20) as handle:
            return handle.execute(sql.replace("%s", "?"), params).fetchall()

    return query


def _postgres(conninfo: dict[str, Any]) -> Callable[..., list[tuple[Any, ...]]]:
    def query(sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(**conninfo) as handle:
            return handle.execute(sql, params).fetchall()  # type: ignore[arg-type]

    return query


@contextmanager
def copy_of_test_database(**env: str) -> Iterator[OwnDatabase]:
    """The copy, with `env` added to every command's environment."""
    with tempfile.TemporaryDirectory(prefix="mesoclinic-worker-") as tmp:
        directory = Path(tmp)
        base = dict(
            os.environ,
            MESOCLINIC_VAR_DIR=str(directory),
            MEDIA_ROOT=str(directory / "media"),
            PYTHONPATH=str(ROOT),
            DJANGO_SETTINGS_MODULE="mesoclinic.settings",
            **env,
        )
        if not on_postgresql():
            path = directory / "copy.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(path)])
            yield OwnDatabase(
                dict(base, DATABASE_URL=f"sqlite:///{path}"), _sqlite(path), directory
            )
            return
        where = connection.settings_dict
        server = {
            "host": where["HOST"],
            "port": where["PORT"],
            "user": where["USER"],
            "password": where["PASSWORD"] or None,
        }
        name = f"worker_test_{secrets.token_hex(4)}"
        # A template database must have no other connection while it is copied.
        connections.close_all()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'CREATE DATABASE {name} TEMPLATE "{where["NAME"]}"')
        url = f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
        if server["password"]:
            url = url.replace("@", f":{server['password']}@", 1)
        try:
            yield OwnDatabase(
                dict(base, DATABASE_URL=url), _postgres(dict(server, dbname=name)), directory
            )
        finally:
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def wait_for(what: str, check: Callable[[], Any], within: float = 60) -> Any:
    """Poll `check` until it answers something true; fail naming `what` after `within`
    seconds. A bound on waiting for a process, not a measure of speed."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if answer := check():
            return answer
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what} after {within} s")


def stop(process: subprocess.Popen[str], how: signal.Signals = signal.SIGTERM) -> int:
    if process.poll() is None:
        process.send_signal(how)
    return process.wait(timeout=60)
