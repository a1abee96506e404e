"""`mesoclinic serve` as a real process for the serving tests: a migrated SQLite file made
once per test session, copied for each server, a free loopback port, and a bounded wait for
the line that says the server listens."""

import http.client
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "a-long-serving-password-42"
USERNAME = "riverside.admin"
# Generous: on a loaded machine the checks and the preloaded imports can take a minute.
STARTUP_SECONDS = 180

# Run in a fresh interpreter against the template database: the schema, and one user whose
# password is hashed by the production hasher, as `mesoclinic` would store it.
MAKE_TEMPLATE = f"""
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth.models import User
call_command("migrate", verbosity=0)
User.objects.create_user({USERNAME!r}, password={PASSWORD!r})
"""


def http_get(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def children(pid: int) -> list[int]:
    """The processes whose parent is pid (gunicorn's workers under its master)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name in brackets may hold spaces; the parent follows the state.
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def wait_for_workers(pid: int, count: int, seconds: float = STARTUP_SECONDS) -> list[int]:
    """The master prints its URL once it listens; its workers fork right after."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = children(pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.1)
    raise AssertionError(f"{count} workers never started under {pid}: {children(pid)}")


def is_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def server_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        DJANGO_SETTINGS_MODULE="mesoclinic.settings",
        MESOCLINIC_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'mesoclinic.sqlite3'}",
        SECRET_KEY="serving-tests-" + "k" * 50,
        HTTPS_ONLY="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.pop("TRUSTED_PROXIES", None)
    env.pop("WEB_WORKERS", None)
    env.update(overrides)
    return env


def make_template(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-c", MAKE_TEMPLATE],
        env=server_env(directory),
        check=True,
        timeout=300,
    )
    return directory / "mesoclinic.sqlite3"


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    port: int
    stderr_path: Path

    def log(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def wait_for_line(process: subprocess.Popen[str], needle: str, seconds: float) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + seconds
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                break
            line = process.stdout.readline()
            if not line:
                break
            if needle in line:
                return line
    raise AssertionError(f"the server never printed {needle!r} (exit status {process.poll()})")


@contextmanager
def running_server(
    template: Path, var_dir: Path, *, workers: int = 1, host: str = "127.0.0.1", **env: str
) -> Iterator[Server]:
    var_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, var_dir / "mesoclinic.sqlite3")
    port = free_port(host)
    stderr_path = var_dir / "server.stderr"
    with stderr_path.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mesoclinic",
                "serve",
                f"{host}:{port}",
                "--workers",
                str(workers),
            ],
            env=server_env(var_dir, **env),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    server = Server(process, f"http://{host}:{port}", port, stderr_path)
    try:
        wait_for_line(process, f"http://{host}:{port}/", STARTUP_SECONDS)
        yield server
    finally:
        if process.poll() is None:
            server.stop()
        assert process.stdout is not None
        process.stdout.close()
