"""Turn the DATABASE_URL and EMAIL_URL settings into Django's dictionaries."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def database_from_url(name: str, url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{name}: cannot use {url.split('@')[-1]!r} ({exc})") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets the web server read while a worker writes; IMMEDIATE
            # takes the write lock at BEGIN so writers queue instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    elif engine not in {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(f"{name}: only sqlite:// and postgres:// are supported, got {engine!r}")
    return config


_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email_from_url(name: str, url: str) -> dict[str, Any]:
    """smtp://user:pass@host:587?tls=1, smtps://host:465, console://, file:///path, locmem://."""
    parts = urlsplit(url)
    backend = _EMAIL_BACKENDS.get(parts.scheme)
    if backend is None:
        allowed = ", ".join(sorted(_EMAIL_BACKENDS))
        raise ImproperlyConfigured(f"{name}: scheme must be one of {allowed}, got {parts.scheme!r}")
    settings: dict[str, Any] = {"EMAIL_BACKEND": backend}
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name}: a host name is missing")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}: the port is not a number") from None
        settings.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or (465 if parts.scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_USE_TLS=query.get("tls", "0").lower() in {"1", "true", "yes"},
            EMAIL_TIMEOUT=int(query.get("timeout", "20")),
        )
    elif parts.scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured(f"{name}: file:// needs a folder, e.g. file:///var/mail/carecyber")
        settings["EMAIL_FILE_PATH"] = parts.path
    return settings
