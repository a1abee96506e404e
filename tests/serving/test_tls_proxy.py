"""Through a real TLS-terminating proxy (nginx) the app is served over HTTPS without a
redirect loop, with HSTS and Secure cookies, and records the client's address from the
proxy's X-Forwarded-For; forwarded headers from anyone but the proxy are ignored."""

import http.client
import re
import sqlite3
import ssl
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.serving.server_process import PASSWORD, USERNAME, running_server
from tests.serving.tls_proxy import PROXY_ADDRESS, tls_proxy

# The test client speaks from its own loopback address, neither the proxy's nor the app's.
CLIENT_ADDRESS = "127.0.0.3"


class Browser:
    """Just enough of a browser: HTTPS to the proxy from CLIENT_ADDRESS, cookies kept."""

    def __init__(self, port: int, certificate: Path) -> None:
        self.port = port
        self.context = ssl.create_default_context(cafile=str(certificate))
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[SimpleCookie] = []

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, str]:
        connection = http.client.HTTPSConnection(
            "localhost",
            self.port,
            context=self.context,
            source_address=(CLIENT_ADDRESS, 0),
            timeout=30,
        )
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8")
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.set_cookies.append(cookie)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return answer, text

    def cookie_attributes(self, name: str) -> list[dict[str, str]]:
        return [dict(cookie[name]) for cookie in self.set_cookies if name in cookie]


@pytest.fixture(scope="module")
def proxied(server_template, tmp_path_factory):
    directory = tmp_path_factory.mktemp("tls-proxy")
    with (
        running_server(
            server_template,
            directory / "app",
            HTTPS_ONLY="true",
            TRUSTED_PROXIES=PROXY_ADDRESS,
            ALLOWED_HOSTS="localhost,127.0.0.1",
        ) as server,
        tls_proxy(directory / "nginx", server.port) as proxy,
    ):
        yield server, proxy, directory / "app" / "mesoclinic.sqlite3"


def login_addresses(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT ip FROM audit_auditevent WHERE action IN ('login', 'login_failed')"
        ).fetchall()
    return [row[0] for row in rows]


def log_in(browser: Browser, password: str, headers: dict[str, str] | None = None) -> str:
    answer, page = browser.request("GET", "/login/")
    assert answer.status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the login form carries its CSRF token"
    form = f"username={USERNAME}&password={password}&csrfmiddlewaretoken={token.group(1)}"
    answer, _ = browser.request(
        "POST",
        "/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://localhost:{browser.port}",
            **(headers or {}),
        },
    )
    return f"{answer.status} {answer.headers.get('Location', '')}"


def test_through_a_tls_proxy_pages_load_without_a_redirect_loop_with_hsts_and_secure_cookies(
    proxied,
):
    _server, proxy, database = proxied
    browser = Browser(proxy.port, proxy.certificate)

    answer, _ = browser.request("GET", "/login/")
    assert answer.status == 200
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")

    outcome = log_in(browser, PASSWORD)
    assert outcome.startswith("302 /"), outcome
    home, _ = browser.request("GET", outcome.split(" ", 1)[1])
    assert home.status == 200

    for name in ("sessionid", "csrftoken"):
        attributes = browser.cookie_attributes(name)
        assert attributes, f"the app set no {name} cookie"
        assert all(attribute["secure"] for attribute in attributes), name
    assert CLIENT_ADDRESS in login_addresses(database)
    assert PROXY_ADDRESS not in login_addresses(database)


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(proxied):
    server, proxy, database = proxied

    # Straight to the app from an address that is not the proxy: still plain HTTP.
    direct = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    direct.request(
        "GET", "/login/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.66"}
    )
    answer = direct.getresponse()
    direct.close()
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://127.0.0.1:{server.port}/login/"

    # Through the proxy, an address the client wrote in front of the proxy's is not believed.
    browser = Browser(proxy.port, proxy.certificate)
    outcome = log_in(browser, "not-the-password-1", headers={"X-Forwarded-For": "203.0.113.66"})
    assert outcome.startswith("200"), outcome
    assert "203.0.113.66" not in login_addresses(database)
    assert login_addresses(database)[-1] == CLIENT_ADDRESS
