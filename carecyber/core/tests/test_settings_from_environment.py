"""Settings come from the environment; a bad value stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from carecyber.config.settings.env import env_bool, env_int, env_secret, env_url
from carecyber.config.settings.urls_parse import database_from_url, email_from_url

CARECYBER = str(Path(sys.executable).parent / "carecyber")


def test_a_bad_number_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "half an hour")
    with pytest.raises(ImproperlyConfigured, match="SESSION_IDLE_MINUTES: expected a whole number"):
        env_int("SESSION_IDLE_MINUTES", 30)


def test_a_number_out_of_range_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_REQUEST_MB", "0")
    with pytest.raises(ImproperlyConfigured, match="MAX_REQUEST_MB: must be at least 1"):
        env_int("MAX_REQUEST_MB", 25, minimum=1)


def test_a_bad_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG: expected true or false"):
        env_bool("DEBUG")


def test_secret_key_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env_secret("SECRET_KEY") == "from-a-file"


def test_a_missing_secret_file_names_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "nope"))
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE: cannot read"):
        env_secret("SECRET_KEY")


def test_a_url_with_the_wrong_scheme_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CELERY_BROKER_URL", "http://localhost:6379")
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL: scheme must be one of"):
        env_url("CELERY_BROKER_URL", schemes=("redis", "amqp"))


def test_only_sqlite_and_postgres_databases_are_accepted() -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL: only sqlite:// and postgres://"):
        database_from_url("DATABASE_URL", "mysql://root@localhost/carecyber")
    assert database_from_url("DATABASE_URL", "postgres://u:p@db:5432/cc")["NAME"] == "cc"


def test_email_url_forms() -> None:
    smtp = email_from_url("EMAIL_URL", "smtp://user:p%40ss@mail.example.test:587?tls=1")
    assert smtp["EMAIL_HOST"] == "mail.example.test"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert smtp["EMAIL_USE_TLS"] is True
    assert email_from_url("EMAIL_URL", "console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL: scheme must be one of"):
        email_from_url("EMAIL_URL", "pigeon://loft")


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "SITE_URL"))}
    return subprocess.run(
        [CARECYBER, *args], env={**base, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def test_start_up_stops_with_the_variable_named() -> None:
    result = _run(
        {"DJANGO_SETTINGS_MODULE": "carecyber.config.settings.local", "SESSION_IDLE_MINUTES": "soon"}, "check"
    )
    assert result.returncode == 2
    assert "SESSION_IDLE_MINUTES: expected a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_needs_a_secret_key() -> None:
    result = _run(
        {
            "DJANGO_SETTINGS_MODULE": "carecyber.config.settings.production",
            "SITE_URL": "https://carecyber.example.test",
        },
        "check",
    )
    assert result.returncode == 2
    assert "SECRET_KEY: must be set in production" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings() -> None:
    result = _run(
        {
            "DJANGO_SETTINGS_MODULE": "carecyber.config.settings.production",
            "SECRET_KEY": "k3y-" + "x7Qp9Lm2Zr8Tn4Vb6Hc1Jd5Wf0Ks3Gy" * 2,
            "SITE_URL": "https://carecyber.example.test",
            "ALLOWED_HOSTS": "carecyber.example.test",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
