"""Run a command against a throwaway PostgreSQL cluster.

initdb into a temporary directory, start the server on a free loopback port, export
DATABASE_URL, run the command, then stop the server and delete the directory. If the
server cannot start, exit non-zero: a test run must never fall back to another database.

As root (CI), the server runs as Debian's `postgres` user, since initdb refuses root.
Usage: python scripts/with_postgres.py -- COMMAND [ARGS...]
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

DATABASE = "mesoclinic"
SUPERUSER = "mesoclinic"


def fail(message: str) -> None:
    print(f"with_postgres: {message}", file=sys.stderr)
    sys.exit(3)


def server_bin_dir() -> Path:
    # Debian keeps server binaries off PATH, one directory per major version.
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    fail("PostgreSQL server not found; install Debian's 'postgresql' package (make test does).")
    raise AssertionError  # unreachable: fail() exits


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        fail("usage: with_postgres.py -- COMMAND [ARGS...]")
    bin_dir = server_bin_dir()
    as_server_user: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="mesoclinic-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(workdir, account.pw_uid, account.pw_gid)
        as_server_user = ["runuser", "-u", "postgres", "--"]
    data, log = workdir / "data", workdir / "server.log"
    port = free_loopback_port()
    pg_ctl = [*as_server_user, str(bin_dir / "pg_ctl"), "-D", str(data)]
    started = False
    try:
        subprocess.run(
            [
                *as_server_user,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "--auth=trust",
                f"--username={SUPERUSER}",
                "--encoding=UTF8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # Durability settings off: this cluster lives for one test run.
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        result = subprocess.run(
            [*pg_ctl, "-l", str(log), "-w", "-t", "60", "-o", options, "start"],
            stdout=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
            fail(f"PostgreSQL did not start (pg_ctl exit {result.returncode}):\n{tail}")
        started = True
        subprocess.run(
            [
                str(bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                SUPERUSER,
                DATABASE,
            ],
            check=True,
        )
        env = dict(os.environ, DATABASE_URL=f"postgres://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}")
        print(f"with_postgres: PostgreSQL ({bin_dir.parent.name}) on 127.0.0.1:{port}", flush=True)
        return subprocess.call(argv, env=env)
    except subprocess.CalledProcessError as error:
        fail(f"could not prepare the PostgreSQL cluster: {error}")
        return 3
    finally:
        if started:
            subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
