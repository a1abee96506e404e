"""Eight people logging in at once keep every server process under 300 MB at its peak:
the real server, two workers of four threads, each log-in hashing with Argon2."""

import http.client
import re
import threading
import urllib.parse
from pathlib import Path

from tests.serving.server_process import PASSWORD, USERNAME, running_server, wait_for_workers

CONCURRENT_LOGINS = 8
PEAK_LIMIT_KB = 300 * 1024


def peak_memory_kb(pid: int) -> int:
    """VmHWM: the most resident memory the process has had."""
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert match, status
    return int(match.group(1))


def log_in(port: int, start: threading.Barrier) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", "/login/")
        answer = connection.getresponse()
        page = answer.read().decode()
        cookie = answer.headers["Set-Cookie"].split(";", 1)[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        form = urllib.parse.urlencode(
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        )
        start.wait(timeout=60)
        connection.request(
            "POST",
            "/login/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def test_eight_concurrent_logins_keep_each_server_process_under_300_mb(server_template, tmp_path):
    with running_server(server_template, tmp_path, workers=2) as server:
        workers = wait_for_workers(server.process.pid, 2)
        start = threading.Barrier(CONCURRENT_LOGINS)
        statuses: list[int] = []

        def one_login() -> None:
            statuses.append(log_in(server.port, start))

        threads = [threading.Thread(target=one_login) for _ in range(CONCURRENT_LOGINS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        peaks = {pid: peak_memory_kb(pid) for pid in [server.process.pid, *workers]}

    print(f"peak resident memory (kB) by process after {CONCURRENT_LOGINS} log-ins: {peaks}")
    assert statuses == [302] * CONCURRENT_LOGINS
    assert all(peak < PEAK_LIMIT_KB for peak in peaks.values()), peaks
