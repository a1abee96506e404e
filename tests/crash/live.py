"""Real processes for the crash and race tests: a database of their own (a SQLite file, or
a database the test creates on the PostgreSQL server DATABASE_URL names, apart from
pytest-django's), the dataset written into it, a `mesoclinic serve` in its own process
group that a test kills with SIGKILL, and a probe process that reads what was left."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
MESOCLINIC = Path(sys.executable).with_name("mesoclinic")
START_WAIT_SECONDS = 180  # the checks and imports can take a minute under load


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def base_env(tmp: Path) -> dict[str, str]:
    """The environment of every process the tests start: plain HTTP on loopback, a fixed
    secret key, no connection kept between requests, and the tests importable."""
    return dict(
        os.environ,
        MESOCLINIC_VAR_DIR=str(tmp),
        HTTPS_ONLY="false",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY="crash-tests-" + uuid.uuid4().hex,
        DB_CONN_MAX_AGE="0",
        PYTHONPATH=str(ROOT),
    )


def _with_database(env: dict[str, str], name: str) -> dict[str, str]:
    server = urlsplit(os.environ["DATABASE_URL"])
    return dict(env, DATABASE_URL=urlunsplit(server._replace(path=f"/{name}")))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        admin.execute(sql)  # type: ignore[arg-type]


@contextmanager
def prepared_database(tmp: Path, *dataset_args: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Migrate a database of the tests' own and write the dataset into it, once: a SQLite
    file, or on PostgreSQL a database beside pytest-django's. Yields where it is and the
    dataset's ids; `clone` gives each test module a copy."""
    tmp.mkdir(parents=True, exist_ok=True)
    name = f"crash_{uuid.uuid4().hex[:12]}"
    if on_postgresql():
        _admin(f'CREATE DATABASE "{name}"')
        env = _with_database(base_env(tmp), name)
    else:
        env = dict(base_env(tmp), DATABASE_URL=f"sqlite:///{tmp / 'prepared.sqlite3'}")
    try:
        yield (
            Path(name if on_postgresql() else tmp / "prepared.sqlite3"),
            build_dataset(env, *dataset_args),
        )
    finally:
        if on_postgresql():
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def clone(prepared: Path, tmp: Path) -> Iterator[dict[str, str]]:
    """A copy of the prepared database for one test module, and the environment naming it."""
    if not on_postgresql():
        copy = tmp / "crash.sqlite3"
        shutil.copyfile(prepared, copy)
        yield dict(base_env(tmp), DATABASE_URL=f"sqlite:///{copy}")
        return
    name = f"crash_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{prepared}"')
    try:
        yield _with_database(base_env(tmp), name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_dataset(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.crash.dataset", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`mesoclinic serve` on a free loopback port, in a process group of its own."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(MESOCLINIC), "serve", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_WAIT_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the server did not answer /healthz: {self.log.read_text()[-3000:]}")

    def log_tail(self, chars: int = 6000) -> str:
        """The end of the server's output: a failing test shows it, tracebacks included."""
        return self.log.read_text(errors="replace")[-chars:]

    def kill(self) -> None:
        """SIGKILL to the whole group: no handler runs, nothing is flushed or rolled back."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None


class Probe:
    """`tests.crash.probe` kept running: asks it what the database holds now."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.probe"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._read() == "ready"

    def _read(self) -> Any:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the probe stopped"
        return json.loads(line)

    def ask(self, op: str, **values: object) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"op": op, **values}) + "\n")
        self.process.stdin.flush()
        return self._read()["ok"]

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def logged_in(url: str, username: str, password: str) -> requests.Session:
    """A browser's session: the login form's CSRF token, then the session cookie; changes
    send the CSRF cookie back as the header, as the pages' htmx does."""
    session = requests.Session()
    form = session.get(f"{url}/login/", timeout=30)
    token = form.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    answer = session.post(
        f"{url}/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    session.headers["Referer"] = f"{url}/"
    return session


def rebase(session: requests.Session, url: str) -> None:
    """After a restart on another port the same cookies still name the session; only the
    Referer the CSRF check compares follows the server."""
    session.headers["Referer"] = f"{url}/"


def record_result(test: str, **values: object) -> None:
    """Append one test's numbers to the file CRASH_RESULTS names (the soak's report reads
    it); nothing when unset."""
    path = os.environ.get("CRASH_RESULTS")
    if path:
        database = "postgresql" if on_postgresql() else "sqlite"
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"test": test, "database": database, **values}) + "\n")
