"""Settings of the incidents app: a Django setting of the same name wins, then the environment, then the default.

Read at call time (not import time), so tests and operators can change them.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from carecyber.config.settings.env import env_bool, env_int, env_str

MB = 1024 * 1024


def _int(name: str, default: int, *, minimum: int, maximum: int) -> int:
    value = getattr(settings, name, None)
    if value is not None:
        return int(value)
    return env_int(name, default, minimum=minimum, maximum=maximum)


def evidence_max_bytes() -> int:
    """The largest single evidence file (INCIDENTS_EVIDENCE_MAX_MB, default 20)."""
    return _int("INCIDENTS_EVIDENCE_MAX_MB", 20, minimum=1, maximum=500) * MB


def evidence_case_max_bytes() -> int:
    """All evidence of one case together (INCIDENTS_EVIDENCE_CASE_MAX_MB, default 250)."""
    return _int("INCIDENTS_EVIDENCE_CASE_MAX_MB", 250, minimum=1, maximum=100_000) * MB


def evidence_max_files() -> int:
    """Files per case (INCIDENTS_EVIDENCE_MAX_FILES, default 200)."""
    return _int("INCIDENTS_EVIDENCE_MAX_FILES", 200, minimum=1, maximum=10_000)


def evidence_root() -> Path:
    """Where evidence files live: a folder under MEDIA_ROOT, never served by the web server."""
    return Path(settings.MEDIA_ROOT) / "incident-evidence"


def webhook_allow_private() -> bool:
    """Allow webhooks to plain http and to private or loopback addresses (INCIDENTS_WEBHOOK_ALLOW_PRIVATE).

    Off in production: otherwise a webhook could be aimed at the platform's own
    internal services. On by default when DEBUG is on, for local receivers.
    """
    value = getattr(settings, "INCIDENTS_WEBHOOK_ALLOW_PRIVATE", None)
    if value is not None:
        return bool(value)
    return env_bool("INCIDENTS_WEBHOOK_ALLOW_PRIVATE", bool(settings.DEBUG))


def webhook_timeout_seconds() -> int:
    return _int("INCIDENTS_WEBHOOK_TIMEOUT", 10, minimum=1, maximum=60)


def national_inbox() -> str:
    """One address for the national team's incident desk (INCIDENTS_NATIONAL_EMAIL); empty = every analyst."""
    value = getattr(settings, "INCIDENTS_NATIONAL_EMAIL", None)
    return str(value) if value is not None else env_str("INCIDENTS_NATIONAL_EMAIL")
