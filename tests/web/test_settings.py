import os
import secrets
import subprocess
import sys

import pytest

from mesoclinic.settings import env_bool, read_or_create_secret_key


def run_mesoclinic(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mesoclinic", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path) -> dict[str, str]:
    local_only = {"DEBUG", "HTTPS_ONLY", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in local_only}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="clinic.example.org",
        SITE_URL="https://clinic.example.org",
        MESOCLINIC_VAR_DIR=str(tmp_path),
    )
    return env


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run_mesoclinic(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path)
    )

    assert result.returncode == 0, result.stderr


def test_deploy_check_fails_when_debug_is_on(tmp_path):
    env = production_env(tmp_path) | {"DEBUG": "1"}

    result = run_mesoclinic("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_a_local_run_generates_a_private_secret_key_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)

    first = read_or_create_secret_key(tmp_path)
    second = read_or_create_secret_key(tmp_path)

    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_secret_key_comes_from_the_environment_or_a_file_first(tmp_path, monkeypatch):
    key_file = tmp_path / "mounted-secret"
    key_file.write_text("from-a-file\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(key_file))
    assert read_or_create_secret_key(tmp_path) == "from-a-file"

    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert read_or_create_secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_debug_is_off_unless_set_and_a_typo_is_refused(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_bool("DEBUG") is False
    monkeypatch.setenv("DEBUG", "on")
    assert env_bool("DEBUG") is True
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ValueError, match="DEBUG must be one of"):
        env_bool("DEBUG")
