"""One user's browser, reduced to what the benchmark needs: an HTTP connection per request
to a loopback address, the session and CSRF cookies, and a form login. Any other host is
refused: this tool never loads a server it was not started beside.

A connection per request is what the server sees in production: nginx speaks to its
upstream over a new connection per request unless told otherwise. Kept-alive connections
opened one after another at log-in would all be accepted by whichever server worker was
awake, pinning every user to one process and leaving the other cores idle."""

import http.client
import ipaddress
import json
import re
import socket
from typing import Any
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NotLoopback(ValueError):
    pass


def loopback_address(url: str) -> tuple[str, int]:
    """(host, port) of an http:// URL whose host is a loopback address; refuses any other."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname or not parts.port:
        raise NotLoopback(f"Give the server as http://127.0.0.1:PORT; got {url!r}.")
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        raise NotLoopback(
            f"{parts.hostname!r} is not an address: give a loopback address such as 127.0.0.1."
        ) from None
    if not address.is_loopback:
        raise NotLoopback(
            f"{address} is not a loopback address: the benchmark loads only this machine."
        )
    return str(address), parts.port


class Response:
    def __init__(self, status: int, body: bytes, location: str) -> None:
        self.status, self.body, self.location = status, body, location

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    def __init__(self, url: str, timeout: float = 60) -> None:
        self.host, self.port = loopback_address(url)
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.connection.connect()
            assert self.connection.sock is not None  # noqa: S101 - set by connect()
            self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(
        self, method: str, path: str, *, form: dict[str, Any] | None = None, data: Any = None
    ) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: bytes | None = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        if method != "GET" and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        for attempt in (1, 2):
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=headers)
                answer = connection.getresponse()
                content = answer.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A connection the server dropped (a worker recycled): try once more.
                self.close()
                if attempt == 2:
                    raise
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        self.close()
        return Response(answer.status, content, answer.getheader("Location", ""))

    def log_in(self, username: str, password: str) -> None:
        page = self.request("GET", "/login/")
        token = CSRF_INPUT.search(page.text)
        if token is None:
            raise RuntimeError(f"No login form at /login/ (status {page.status}).")
        answer = self.request(
            "POST",
            "/login/",
            form={"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        )
        if answer.status != 302:
            raise RuntimeError(f"{username} could not log in (status {answer.status}).")
