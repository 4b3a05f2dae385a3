"""Toolkit settings, read from the environment (the embedded default needs none).

| variable | default | meaning |
|---|---|---|
| `EVIDENCE_MAX_MB` | 10 | the largest evidence file accepted |
| `STATUS_SIGNING_KEYS_DIR` | `<data dir>/status-keys` | the private keys that sign status answers |
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from carecyber.config.settings.env import env_int, env_str


def evidence_max_bytes() -> int:
    return env_int("EVIDENCE_MAX_MB", 10, minimum=1, maximum=100) * 1024 * 1024


def signing_keys_dir() -> Path:
    default = Path(settings.DATA_DIR) / "status-keys"
    return Path(env_str("STATUS_SIGNING_KEYS_DIR", str(default)))
