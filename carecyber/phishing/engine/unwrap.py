"""Link protection undone: the real address inside a link that the recipient's mail filter rewrote.

NHSmail's Microsoft Defender Safe Links, Proofpoint URL Defense, Barracuda Link Protection, Cisco Secure
Email, Symantec Click-time and Sophos Time-of-Click rewrite every link of the mail they deliver so that a
click goes through them first. A reported email has been through that filter, so every link names the
filter's host: the checks must look at the address inside instead, or a phishing link looks like a link to
outlook.com.

Each format is decoded by its published rules, never fetched. A wrapper that carries no address (Mimecast's
protect links are an opaque key) or a damaged one gives nothing back, and the link stays as it was.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from urllib.parse import SplitResult, unquote, urlsplit

MAX_DEPTH = 3  # a link wrapped by two filters (the sender's and the reader's) is common; more is not
_MAX_URL = 8000

# Proofpoint v3: `__<address>__;<base64url of the characters taken out>!!<customer and signature>`.
_V3 = re.compile(r"^/v3/__(?P<url>.+?)__;(?P<replaced>[A-Za-z0-9_\-=]*)!")
# In a v3 address, `*` stands for the next replaced character and `**` plus one letter of this alphabet for a
# run of them: `A` is 2 characters, `B` 3, ... `_` 65.
_V3_RUN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_V3_RUNS = {letter: count for count, letter in enumerate(_V3_RUN_LETTERS, start=2)}
_WEB = re.compile(r"^(?:https?|ftp)://[^/?#\s]", re.IGNORECASE)


def _param(query: str, name: str) -> str | None:
    """The raw (still encoded) value of a query parameter, or None."""
    for pair in query.split("&"):
        key, sep, value = pair.partition("=")
        if sep and key == name:
            return value
    return None


def _percent(query: str, name: str) -> str | None:
    """A parameter holding a percent-encoded address (Safe Links `url=`, Barracuda `a=`, Symantec `u=`)."""
    value = _param(query, name)
    return unquote(value.replace("+", " ")) if value else None


def _safelinks(parts: SplitResult) -> str | None:
    return _percent(parts.query, "url")


def _barracuda(parts: SplitResult) -> str | None:
    return _percent(parts.query, "a") if parts.path.rstrip("/") == "/url" else None


def _symantec(parts: SplitResult) -> str | None:
    return _percent(parts.query, "u")


def _sophos(parts: SplitResult) -> str | None:
    """Sophos Time-of-Click: `?d=<domain>&u=<base64 of the address>`."""
    value = _param(parts.query, "u")
    if not value:
        return None
    encoded = unquote(value).strip()
    try:
        return base64.b64decode(encoded + "=" * (-len(encoded) % 4), altchars=b"-_").decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _cisco(parts: SplitResult) -> str | None:
    """`/<opaque key>/<percent-encoded address>`: everything after the key, decoded."""
    _, sep, rest = parts.path.lstrip("/").partition("/")
    return unquote(rest) if sep and rest else None


def _proofpoint(parts: SplitResult) -> str | None:
    path = parts.path
    if path.startswith("/v1/"):  # `u=` percent-encoded
        return _percent(parts.query, "u")
    if path.startswith("/v2/"):  # `u=` with `-` written for `%` and `_` for `/`, then percent-encoded
        value = _param(parts.query, "u")
        return unquote(value.replace("-", "%").replace("_", "/")) if value else None
    if path.startswith("/v3/"):  # the address is written out after `/v3/`, any `?` and `#` in it included
        return _proofpoint_v3(parts.geturl().split(parts.netloc, 1)[1])
    return None


def _proofpoint_v3(rest: str) -> str | None:
    """Put the characters Proofpoint took out back in place of their `*` and `**<run>` markers."""
    match = _V3.match(rest)
    if not match:
        return None
    try:
        replaced = base64.urlsafe_b64decode(match.group("replaced") + "==").decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    url = unquote(match.group("url"))
    out: list[str] = []
    taken = 0
    position = 0
    while True:
        star = url.find("*", position)
        if star == -1:
            out.append(url[position:])
            break
        out.append(url[position:star])
        if url.startswith("**", star):
            if star + 2 >= len(url) or url[star + 2] not in _V3_RUNS:
                return None
            count = _V3_RUNS[url[star + 2]]
            position = star + 3
        else:
            count = 1
            position = star + 1
        if taken + count > len(replaced):
            return None  # more markers than characters: damaged
        out.append(replaced[taken : taken + count])
        taken += count
    return "".join(out)


# Host (or the end of it) -> how to read the address inside.
_DECODERS: tuple[tuple[str, Callable[[SplitResult], str | None]], ...] = (
    ("safelinks.protection.outlook.com", _safelinks),
    ("safelinks.protection.office365.us", _safelinks),
    ("urldefense.proofpoint.com", _proofpoint),
    ("urldefense.com", _proofpoint),
    ("urldefense.us", _proofpoint),
    ("linkprotect.cudasvc.com", _barracuda),
    ("secure-web.cisco.com", _cisco),
    ("clicktime.symantec.com", _symantec),
    ("protection.sophos.com", _sophos),
)
_HOSTS = tuple(suffix for suffix, _ in _DECODERS)  # a quick test before any parsing


def _decoder(host: str) -> Callable[[SplitResult], str | None] | None:
    for suffix, decode in _DECODERS:
        if host == suffix or host.endswith("." + suffix):
            return decode
    return None


def _unwrap_once(url: str) -> tuple[str, str] | None:
    """(the address inside, the wrapper's host) for one layer of wrapping, or None."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    decode = _decoder(host) if host else None
    if decode is None:
        return None
    inner = decode(parts)
    if not inner:
        return None
    inner = inner.strip()
    if len(inner) > _MAX_URL or not _WEB.match(inner):
        return None  # not a web address: a damaged or unknown form, so the link stays as it was
    return inner, host


def may_be_wrapped(text: str) -> bool:
    """False, cheaply, for almost every link: one that names none of the wrappers' hosts is not wrapped."""
    lowered = text.lower()
    return any(host in lowered for host in _HOSTS)


def unwrap(url: str, max_depth: int = MAX_DEPTH) -> tuple[str, str]:
    """`(real address, outermost wrapper's host)`; `(url, "")` when the link is not wrapped or cannot be read.

    A link wrapped more than once is unwrapped layer by layer, up to `max_depth` layers."""
    if not may_be_wrapped(url):
        return url, ""
    current = url
    wrapper = ""
    for _ in range(max_depth):
        found = _unwrap_once(current)
        if found is None:
            break
        current, host = found
        wrapper = wrapper or host
    return current, wrapper
