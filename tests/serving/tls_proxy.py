"""A real TLS-terminating proxy for the serving tests: Debian's nginx, run as the test user
with its own prefix, pid file, temp paths and error log in a temporary directory, on a free
loopback port, with a throwaway certificate made by the openssl command. It connects to the
app from 127.0.0.2, so the proxy's address differs from the test client's."""

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.serving.server_process import free_port

PROXY_ADDRESS = "127.0.0.2"

CONFIG = """
worker_processes 1;
{user}
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        # The app refuses bodies past the photo limit + 1 MiB; the proxy stops them first.
        client_max_body_size 16m;
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_bind {proxy_address};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@dataclass
class TlsProxy:
    port: int
    certificate: Path
    error_log: Path


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    assert found, "nginx is missing: `make system-packages` installs Debian's nginx"
    return found


def make_certificate(directory: Path) -> None:
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=localhost"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"),
            *("-keyout", str(directory / "key.pem"), "-out", str(directory / "cert.pem")),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )


def wait_until_listening(port: int, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "nginx exited at start"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nginx never listened on {port}")


@contextmanager
def tls_proxy(directory: Path, app_port: int) -> Iterator[TlsProxy]:
    directory.mkdir(parents=True, exist_ok=True)
    make_certificate(directory)
    port = free_port()
    # As root nginx hands its workers to "nobody", who cannot enter our private temp dir.
    user = "user root root;" if os.geteuid() == 0 else ""
    config = directory / "nginx.conf"
    config.write_text(
        CONFIG.format(
            dir=directory, port=port, app_port=app_port, proxy_address=PROXY_ADDRESS, user=user
        ),
        encoding="utf-8",
    )
    error_log = directory / "error.log"
    process = subprocess.Popen(
        [
            *(nginx_binary(), "-p", str(directory), "-c", str(config)),
            *("-e", str(error_log), "-g", "daemon off;"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, process, 30)
        yield TlsProxy(port, directory / "cert.pem", error_log)
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
