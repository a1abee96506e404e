import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mesoclinic.web.models import ApiToken


def test_token_create_prints_the_token_alone_on_its_last_line_and_stores_only_a_hash(
    practitioner, capsys
):
    call_command("token", "create", "--user", "riverside.practitioner")

    token = capsys.readouterr().out.strip().splitlines()[-1]
    row = ApiToken.objects.get()
    assert token.startswith("mc_")
    assert len(token) > 40
    assert token not in row.token_hash
    assert row.prefix == token[:10]


def test_token_revoke_by_prefix(practitioner, capsys):
    call_command("token", "create", "--user", "riverside.practitioner")
    token = capsys.readouterr().out.strip().splitlines()[-1]

    call_command("token", "revoke", "--user", "riverside.practitioner", "--prefix", token[:10])

    assert ApiToken.objects.get().revoked_at is not None


def test_token_for_an_unknown_user_says_so(db):
    with pytest.raises(CommandError, match="No active user"):
        call_command("token", "create", "--user", "nobody")


def test_the_console_command_is_wired(db):
    result = subprocess.run(
        [sys.executable, "-m", "mesoclinic", "token", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert "--user" in result.stdout
