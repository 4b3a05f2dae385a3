"""Indicators of compromise: check and tidy what a person types, and defang it for display.

A defanged value (hxxps://bad[.]example) cannot be clicked by accident in a
page, an email or a printed report.
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from urllib.parse import urlsplit


class IndicatorKind(StrEnum):
    DOMAIN = "domain"
    URL = "url"
    IP = "ip"
    EMAIL = "email"
    HASH = "hash"
    OTHER = "other"


KIND_LABELS: dict[IndicatorKind, str] = {
    IndicatorKind.DOMAIN: "Domain name",
    IndicatorKind.URL: "Web address",
    IndicatorKind.IP: "IP address",
    IndicatorKind.EMAIL: "Email address",
    IndicatorKind.HASH: "File hash (MD5, SHA-1 or SHA-256)",
    IndicatorKind.OTHER: "Something else",
}

_DOMAIN_RE = re.compile(r"^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")
_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{3,253}$")
_HASH_LENGTHS = {32: "MD5", 40: "SHA-1", 64: "SHA-256"}


class IndicatorError(ValueError):
    """The value does not fit the kind chosen; the message says what was expected."""


def refang(value: str) -> str:
    """Undo common defanging, so people can paste values from other reports."""
    out = value.strip()
    out = re.sub(r"^hxxp", "http", out, flags=re.IGNORECASE)
    for defanged, plain in (("[.]", "."), ("(.)", "."), ("[dot]", "."), ("[@]", "@"), ("[at]", "@"), ("[:]", ":")):
        out = out.replace(defanged, plain)
    return out


def normalise(kind: str, value: str) -> str:
    """The canonical form of an indicator, or IndicatorError."""
    try:
        kind_ = IndicatorKind(kind)
    except ValueError:
        raise IndicatorError("Choose what kind of indicator this is") from None
    raw = refang(value)
    if not raw:
        raise IndicatorError("Enter the indicator")
    if len(raw) > 1000:
        raise IndicatorError("An indicator has at most 1,000 characters")
    if kind_ is IndicatorKind.DOMAIN:
        domain = raw.lower().rstrip(".")
        if not _DOMAIN_RE.match(domain):
            raise IndicatorError("Enter a domain name like example.com")
        return domain
    if kind_ is IndicatorKind.URL:
        parts = urlsplit(raw)
        if parts.scheme.lower() not in {"http", "https", "ftp"} or not parts.hostname:
            raise IndicatorError("Enter a full web address starting with http:// or https://")
        return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()
    if kind_ is IndicatorKind.IP:
        try:
            return str(ipaddress.ip_address(raw))
        except ValueError:
            raise IndicatorError("Enter an IP address like 203.0.113.7 or 2001:db8::1") from None
    if kind_ is IndicatorKind.EMAIL:
        if not _EMAIL_RE.match(raw):
            raise IndicatorError("Enter an email address like name@example.com")
        local, _, domain = raw.rpartition("@")
        return f"{local}@{domain.lower()}"
    if kind_ is IndicatorKind.HASH:
        digest = raw.lower()
        if len(digest) not in _HASH_LENGTHS or not re.fullmatch(r"[0-9a-f]+", digest):
            raise IndicatorError("Enter an MD5, SHA-1 or SHA-256 hash: 32, 40 or 64 hexadecimal characters")
        return digest
    return raw


def defang(kind: str, value: str) -> str:
    """A form of the value that no program will turn into a working link."""
    if kind in {IndicatorKind.URL, IndicatorKind.DOMAIN, IndicatorKind.EMAIL, IndicatorKind.IP}:
        out = re.sub(r"^http", "hxxp", value, flags=re.IGNORECASE)
        out = out.replace("://", "[://]").replace("@", "[@]")
        if kind == IndicatorKind.IP and ":" in value:
            return out.replace(":", "[:]")
        return out.replace(".", "[.]")
    return value


def hash_name(value: str) -> str:
    return _HASH_LENGTHS.get(len(value), "hash")
