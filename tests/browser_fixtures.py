"""Browser tests drive Debian's Chromium through Playwright; a missing browser fails the run."""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: install Debian's chromium package (make test does).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # to set up data are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # On a loaded two-core machine a page can take longer than the default 5 s to answer;
    # assertions wait as long as actions do.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # Django keeps connections in context-local storage, and leaving Playwright's
        # sync API leaves its context: a connection opened inside it would stay open,
        # unreachable, and keep the test database from being dropped.
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def plain_http_live_server_settings():
    """The live server speaks plain HTTP on loopback, as `make run` does. Its handler reads
    these settings when it starts, so they change before it starts, for the session."""
    from django.conf import settings

    names = (
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
    )
    saved = {name: getattr(settings, name) for name in names}
    for name in names:
        setattr(settings, name, 0 if name == "SECURE_HSTS_SECONDS" else False)
    yield
    for name, value in saved.items():
        setattr(settings, name, value)


@pytest.fixture(scope="session")
def warm_live_server(plain_http_live_server_settings, live_server):
    """The live server's first request imports every view and compiles the base templates:
    seconds on a loaded machine, enough to overrun the first page's timeout. One plain
    request before the first page takes that cost outside any browser timeout."""
    from urllib.request import urlopen

    with urlopen(f"{live_server.url}/login/", timeout=300) as response:  # noqa: S310 - our own server
        response.read()


@pytest.fixture
def no_patient_data_in_logs():
    """Every log record (root logger, all levels: django.request, the app's own, the live
    server's) and every warning of the test is read at its end; one holding a name, birth
    date or phone of a patient then in the database fails the test."""
    from tests.safety.log_capture import every_log_line, patient_data_in

    with every_log_line() as lines:
        yield
    found = patient_data_in(lines)
    if found:
        pytest.fail("Patient data in the logs:\n" + "\n".join(found))


@pytest.fixture
def page(
    browser, plain_http_live_server_settings, live_server, warm_live_server, no_patient_data_in_logs
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.set_default_timeout(10_000)
    # A blocked inline style or a missing file shows only in the console: collect it.
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    # Let the server answer every request still in flight (a lazy image, an htmx call)
    # before the database is reset under it.
    page.wait_for_load_state("networkidle")
    context.close()
