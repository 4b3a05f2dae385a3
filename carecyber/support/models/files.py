"""Where support files live: outside the web root, under random names; the original name is kept apart."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath
from typing import Any


def random_name(folder: str, original: str) -> str:
    suffix = PurePosixPath(original).suffix.lower()
    safe_suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""
    token = secrets.token_hex(16)
    return f"support/{folder}/{token[:2]}/{token}{safe_suffix}"


def policy_upload_to(instance: Any, filename: str) -> str:
    return random_name("policies", filename)


def attachment_upload_to(instance: Any, filename: str) -> str:
    return random_name("attachments", filename)
