"""A backup taken while a real server takes writes restores, into a second empty instance,
exactly the snapshot the archive holds: every table row for row, every photo byte for byte."""

import json
import socket
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from tests.backup.instances import ON_POSTGRESQL, Instance

DEMO_USER = "riverside.frontdesk"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(instance: Instance) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mesoclinic", "serve", f"127.0.0.1:{port}"],
        env=instance.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # the checks and imports can take a minute under load
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("the server did not answer /healthz within 180 s")


class PatientWriter(threading.Thread):
    """Adds patients through the API until told to stop, counting the ones created."""

    def __init__(self, base: str, token: str) -> None:
        super().__init__(daemon=True)
        self.base, self.token = base, token
        self.created = 0
        self.failures: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            body = {
                # A birth date of her own: a shared one with the same first name would make
                # each new patient a look-alike of the last.
                "given_name": "Backup",
                "family_name": f"Writer{self.created}",
                "date_of_birth": (date(1950, 1, 1) + timedelta(days=self.created)).isoformat(),
            }
            request = urllib.request.Request(  # noqa: S310
                f"{self.base}/api/v1/patients",
                data=json.dumps(body).encode(),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                },
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                    self.created += answer.status == 201
            except urllib.error.HTTPError as error:
                self.failures.append(f"{error.code} {error.read()[:200]!r}")


def archive_member(archive: Path, name: str, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        source = tar.extractfile(name)
        assert source is not None
        into.write_bytes(source.read())
    return into


def sqlite_rows(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return list(db.iterdump())


def postgres_data(*command: str, env: dict[str, str]) -> dict[str, list[str]]:
    """Each table's rows (sorted) and each sequence's value, from a plain-SQL data dump;
    pg_dump and pg_restore may list the tables in different orders."""
    from mesoclinic.backups.postgres_database import client

    result = subprocess.run(
        [client(command[0]), *command[1:]], env=env, capture_output=True, text=True, check=True
    )
    tables: dict[str, list[str]] = {}
    rows: list[str] | None = None
    for line in result.stdout.splitlines():
        if rows is not None:
            if line == "\\.":
                rows.sort()
                rows = None
            else:
                rows.append(line)
        elif line.startswith("COPY "):
            rows = tables.setdefault(line, [])
        elif line.startswith("SELECT pg_catalog.setval"):
            tables[line] = []
    return tables


def test_a_backup_taken_while_the_app_writes_restores_every_table_and_photo(
    demo_instance, make_instance, tmp_path
):
    source = make_instance(demo_instance)
    token = source.run("token", "create", "--user", DEMO_USER).stdout.strip().splitlines()[-1]
    server, base = start_server(source)
    writer = PatientWriter(base, token)
    archive = tmp_path / "clinic.tar"
    try:
        writer.start()
        while writer.created < 3 and not writer.failures:
            time.sleep(0.05)
        before = writer.created
        backup = source.run("backup", "--out", str(archive))
        during = writer.created - before
    finally:
        writer.stop.set()
        writer.join(timeout=60)
        server.terminate()
        server.wait(timeout=30)

    assert backup.returncode == 0, backup.stderr
    assert writer.failures == []
    assert during > 0, "no patient was written while the backup ran"
    assert archive.stat().st_mode & 0o777 == 0o600
    assert "Backup written to" in backup.stdout
    manifest = json.loads(
        archive_member(archive, "manifest.json", tmp_path / "manifest.json").read_text()
    )

    target = make_instance()
    migrated = target.run("migrate", "--noinput")  # an empty instance as a new install has it
    restore = target.run("restore", str(archive))

    assert migrated.returncode == 0, migrated.stderr
    assert restore.returncode == 0, restore.stderr
    assert target.table_counts() == manifest["table_counts"]
    if ON_POSTGRESQL:
        snapshot = archive_member(archive, "database/mesoclinic.pgdump", tmp_path / "snap.pgdump")
        from_archive = postgres_data(
            "pg_restore", "--data-only", "-f", "-", str(snapshot), env=target.env
        )
        restored = postgres_data(
            "pg_dump", "--data-only", f"--dbname={target.database_url}", env=target.env
        )
    else:
        snapshot = archive_member(archive, "database/mesoclinic.sqlite3", tmp_path / "snap.sqlite3")
        from_archive, restored = sqlite_rows(snapshot), sqlite_rows(target.sqlite_file)
    assert restored == from_archive
    photos = [name for name in source.media_files() if name.startswith("photos/")]
    assert len(photos) > 100
    assert target.media_files() == source.media_files()
    for name in photos:
        assert (target.media_root / name).read_bytes() == (source.media_root / name).read_bytes()
