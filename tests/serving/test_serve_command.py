"""`mesoclinic serve` runs the app on gunicorn: one process per worker asked for, its URL
line once it listens, a clean exit on SIGTERM, big bodies refused unread, and a log with
no query strings."""

import http.client
import json
import os

import pytest
from django.core.management import CommandError, call_command
from gunicorn.config import Config

from mesoclinic.serving.gunicorn_app import StderrAccessLogger, default_workers
from tests.serving.server_process import (
    children,
    http_get,
    is_alive,
    running_server,
    wait_for_workers,
)


def post_head_only(port: int, path: str, content_type: str, length: int) -> tuple[int, bytes]:
    """Announces a body of `length` bytes and sends none of it: an answer at all proves the
    server did not wait to read the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", content_type)
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def test_serve_runs_the_workers_asked_for_answers_and_exits_cleanly_on_sigterm(
    server_template, tmp_path
):
    with running_server(server_template, tmp_path, workers=2) as server:
        assert http_get(server.port, "/healthz")[0] == 200
        workers = wait_for_workers(server.process.pid, 2)

        assert len(children(server.process.pid)) == 2
        assert server.stop() == 0
        assert not any(is_alive(worker) for worker in workers)


def test_a_body_over_the_photo_limit_is_refused_with_413_before_it_is_read(
    server_template, tmp_path
):
    announced = 15 * 1024 * 1024 + 1024 * 1024 + 1
    with running_server(server_template, tmp_path) as server:
        api_status, api_body = post_head_only(
            server.port, "/api/v1/patients", "application/json", announced
        )
        page_status, _ = post_head_only(
            server.port, "/login/", "multipart/form-data; boundary=x", announced
        )

    assert api_status == 413
    assert json.loads(api_body) == {"detail": "The request body is too large."}
    assert page_status == 413


def test_the_access_log_goes_to_stderr_without_query_strings(server_template, tmp_path):
    with running_server(server_template, tmp_path) as server:
        assert http_get(server.port, "/login/?next=/patients/7/")[0] == 200
        server.stop()
        log = server.log()

    assert '"GET /login/ HTTP/1.1" 200' in log
    assert "next=" not in log
    assert "/patients/7/" not in log


@pytest.mark.parametrize("address", ["localhost:", "localhost:http", "127.0.0.1:70000"])
def test_serve_refuses_an_address_that_is_not_addr_port(address):
    with pytest.raises(CommandError, match="ADDR:PORT"):
        call_command("serve", address)


def test_serve_refuses_a_worker_count_below_one():
    with pytest.raises(CommandError, match="--workers must be 1 or more"):
        call_command("serve", "127.0.0.1:8000", "--workers", "0")


def test_web_workers_sets_the_default_number_of_processes(monkeypatch):
    monkeypatch.setenv("WEB_WORKERS", "3")

    assert default_workers() == 3


def test_without_web_workers_there_is_one_process_per_core(monkeypatch):
    monkeypatch.delenv("WEB_WORKERS", raising=False)

    assert default_workers() == len(os.sched_getaffinity(0))


def test_a_web_workers_value_that_is_not_a_count_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("WEB_WORKERS", "many")

    with pytest.raises(ValueError, match="WEB_WORKERS"):
        default_workers()


def test_the_server_error_log_names_a_failing_request_without_its_query_string(capsys):
    config = Config()
    config.set("errorlog", "-")
    logger = StderrAccessLogger(config)

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.exception("Error handling request %s", "/patients/?q=Smith")

    err = capsys.readouterr().err
    assert "Error handling request /patients/" in err
    assert "Smith" not in err
