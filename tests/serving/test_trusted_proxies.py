"""TRUSTED_PROXIES: only a proxy named there is believed about the client's address
(X-Forwarded-For); the audit trail and the log-in lockout see that address. From anyone
else the forwarded headers are ignored."""

import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.serving.proxies import client_address, parse_trusted_proxies
from tests.conftest import PASSWORD
from tests.serving.server_process import server_env

PROXY = "10.0.0.5"
NETWORKS = parse_trusted_proxies("10.0.0.5, 192.168.7.0/24, fd00::/64")


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = parse_trusted_proxies(PROXY)


def log_in(peer: str, username: str, password: str, forwarded_for: str = "") -> None:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    Client(REMOTE_ADDR=peer).post(
        "/login/", {"username": username, "password": password}, headers=headers
    )


def test_a_peer_that_is_not_a_trusted_proxy_is_the_client_whatever_it_forwards():
    assert client_address("198.51.100.9", "203.0.113.7", NETWORKS) == "198.51.100.9"


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw():
    assert client_address(PROXY, "203.0.113.7", NETWORKS) == "203.0.113.7"


def test_entries_a_client_wrote_left_of_the_proxys_own_are_not_believed():
    forwarded = "1.1.1.1, 203.0.113.7, 192.168.7.20"

    assert client_address(PROXY, forwarded, NETWORKS) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_within_a_network_and_in_ipv6_is_walked_through():
    assert client_address("192.168.7.3", "2001:db8::7, fd00::2", NETWORKS) == "2001:db8::7"


def test_a_forwarded_entry_that_is_not_an_address_leaves_the_proxy_as_the_client():
    assert client_address(PROXY, "203.0.113.7, unknown", NETWORKS) == PROXY


def test_a_trusted_proxy_that_forwards_nothing_is_itself_the_client():
    assert client_address(PROXY, "", NETWORKS) == PROXY


def test_trusted_proxies_refuses_an_item_that_is_not_an_address_by_name():
    with pytest.raises(ValueError, match=r"TRUSTED_PROXIES holds 'proxy\.local'"):
        parse_trusted_proxies("10.0.0.5, proxy.local")


def test_nothing_is_trusted_by_default(settings):
    assert settings.TRUSTED_PROXIES == ()


def test_the_audit_trail_and_lockout_record_the_client_behind_a_trusted_proxy(
    behind_proxy, practitioner
):
    log_in(PROXY, "riverside.practitioner", "wrong-password-x", forwarded_for="203.0.113.7")

    assert AuditEvent.objects.get(action=Action.LOGIN_FAILED).ip == "203.0.113.7"
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_a_forwarded_address_from_an_untrusted_peer_is_not_recorded(behind_proxy, practitioner):
    log_in("198.51.100.9", "riverside.practitioner", "wrong-password-x", "203.0.113.7")

    assert AuditEvent.objects.get(action=Action.LOGIN_FAILED).ip == "198.51.100.9"
    assert AccessAttempt.objects.get().ip_address == "198.51.100.9"


def test_one_client_locked_out_by_address_does_not_lock_out_the_others_behind_the_proxy(
    behind_proxy, settings, practitioner
):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(PROXY, f"nobody-{number}", "wrong-password-x", forwarded_for="203.0.113.7")

    log_in(PROXY, "riverside.practitioner", PASSWORD, forwarded_for="203.0.113.8")

    assert AuditEvent.objects.filter(action=Action.LOGIN, actor=practitioner).exists()


def run_check(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mesoclinic", "check"],
        env=server_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_old_use_x_forwarded_proto_switch_is_refused_at_start_pointing_to_trusted_proxies(
    tmp_path,
):
    result = run_check(tmp_path, USE_X_FORWARDED_PROTO="true")

    assert result.returncode != 0
    assert "USE_X_FORWARDED_PROTO is no longer read" in result.stderr
    assert "TRUSTED_PROXIES" in result.stderr


def test_a_trusted_proxies_value_that_is_not_an_address_stops_the_start(tmp_path):
    result = run_check(tmp_path, TRUSTED_PROXIES="proxy.local")

    assert result.returncode != 0
    assert "TRUSTED_PROXIES holds 'proxy.local'" in result.stderr
