"""Signed status answers: JWS (RFC 7515) with an EC P-256 key (ES256), public keys served as a JWKS.

Keys are files in STATUS_SIGNING_KEYS_DIR (one private JWK per file, readable
by the service only). The newest key signs; every key in the folder is
published, so a relying system that cached the JWKS keeps verifying answers
signed just before a rotation. `carecyber status_keys` creates, lists and
retires keys. In the embedded default the first key is made on first use.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from joserfc import jws
from joserfc.jwk import ECKey

from carecyber.assessments.conf import signing_keys_dir
from carecyber.config.settings.env import env_bool

ALGORITHM = "ES256"
MEDIA_TYPE = "application/jose"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    created: str
    key: ECKey


def _stamp(folder: Path) -> tuple[tuple[str, int], ...]:
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.json")))


@lru_cache(maxsize=4)
def _load(folder: str, stamp: tuple[tuple[str, int], ...]) -> tuple[SigningKey, ...]:
    """Parse the key files; cached until a file in the folder is added, removed or changed."""
    keys = []
    for name, _ in stamp:
        data = json.loads((Path(folder) / name).read_text(encoding="utf-8"))
        created = str(data.pop("created", ""))
        key = ECKey.import_key(data)
        keys.append(SigningKey(kid=str(data["kid"]), created=created, key=key))
    return tuple(sorted(keys, key=lambda k: (k.created, k.kid)))


def signing_keys() -> tuple[SigningKey, ...]:
    folder = signing_keys_dir()
    keys = _load(str(folder), _stamp(folder))
    if keys:
        return keys
    if not env_bool("STATUS_SIGNING_AUTO_KEY", True):
        raise ImproperlyConfigured(f"No status signing key in {folder}: create one with `carecyber status_keys create`")
    create_key()
    return _load(str(folder), _stamp(folder))


def create_key(*, now: datetime | None = None) -> SigningKey:
    """Make a new signing key; it signs from now on, and the older keys stay published."""
    folder = signing_keys_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = now or datetime.now(UTC)
    key = ECKey.generate_key("P-256", private=True)
    kid = f"cc-{now:%Y%m%d%H%M%S}-{key.thumbprint()[:8]}"
    data = {**key.as_dict(private=True), "kid": kid, "use": "sig", "alg": ALGORITHM, "created": now.isoformat()}
    path = folder / f"{kid}.json"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    return SigningKey(
        kid=kid, created=now.isoformat(), key=ECKey.import_key({k: v for k, v in data.items() if k != "created"})
    )


def retire_key(kid: str) -> bool:
    """Stop publishing (and signing with) a key. Refused for the only key left."""
    folder = signing_keys_dir()
    path = folder / f"{kid}.json"
    if not path.exists():
        return False
    if len(list(folder.glob("*.json"))) == 1:
        raise ValueError("This is the only signing key: create a new one before retiring it")
    path.unlink()
    return True


def jwks() -> dict[str, Any]:
    """The public halves of every key, as a JSON Web Key Set (RFC 7517)."""
    return {
        "keys": [{**k.key.as_dict(private=False), "kid": k.kid, "use": "sig", "alg": ALGORITHM} for k in signing_keys()]
    }


def sign(claims: dict[str, Any]) -> str:
    """A compact JWS of the claims, signed with the newest key."""
    key = signing_keys()[-1]
    payload = json.dumps(claims, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return jws.serialize_compact({"alg": ALGORITHM, "kid": key.kid, "typ": "JOSE", "cty": "json"}, payload, key.key)
