"""Vendor and product names as canonical tokens, so "Microsoft Corporation / Exchange Server 2019"
and the CPE name `microsoft:exchange_server` meet on the same key.

A token is lower case, ASCII, words joined by underscores (the CPE convention).
Company suffixes are dropped from vendors, a product name that repeats its
vendor loses the repetition, and an alias table the national team maintains
turns whatever is left into the canonical name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from packageurl import PackageURL

_COMPANY_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "srl",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "pty",
        "llp",
        "lp",
        "kk",
    }
)
_SYMBOLS = str.maketrans({"®": " ", "™": " ", "©": " ", "&": " and "})


def clean(text: str) -> str:
    """Lower-case ASCII words joined by underscores; `+` and `#` are kept (notepad++, c#)."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_SYMBOLS)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9+#]+", ascii_text.lower())
    return "_".join(words)


def vendor_token(text: str) -> str:
    words = clean(text).split("_")
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return "_".join(w for w in words if w)


def product_token(vendor: str, text: str, *, also_strip: tuple[str, ...] = ()) -> str:
    """The product's words, without a leading repetition of the vendor's name."""
    token = clean(text)
    for prefix in (vendor, *also_strip):
        if prefix and token.startswith(prefix + "_") and len(token) > len(prefix) + 1:
            token = token[len(prefix) + 1 :]
            break
    return token


@dataclass(frozen=True)
class AliasTable:
    """Vendor aliases (token → canonical vendor) and product aliases ((vendor, token) → (vendor, product))."""

    vendors: Mapping[str, str] = field(default_factory=dict)
    products: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


def canonical(vendor_text: str, product_text: str, aliases: AliasTable | None = None) -> tuple[str, str]:
    """(vendor, product) tokens for names as people write them."""
    table = aliases or AliasTable()
    raw_vendor = vendor_token(vendor_text)
    vendor = table.vendors.get(raw_vendor, raw_vendor)
    product = product_token(vendor, product_text, also_strip=(raw_vendor,) if raw_vendor != vendor else ())
    return table.products.get((vendor, product), (vendor, product))


def product_key(vendor: str, product: str) -> str:
    return f"{vendor}:{product}" if vendor or product else ""


@dataclass(frozen=True)
class PurlParts:
    key: str  # pkg:type/namespace/name, without version or qualifiers
    type: str
    vendor: str
    product: str
    version: str


def read_purl(text: str) -> PurlParts:
    """The parts of a package URL that targeting uses; ValueError with a message when it is not one."""
    try:
        purl = PackageURL.from_string(text.strip())
    except ValueError as exc:
        raise ValueError(f"{text[:80]!r} is not a package URL like pkg:pypi/django@4.2.1 ({exc})") from None
    name = purl.name.lower() if purl.type in {"pypi", "npm", "deb", "rpm", "gem", "cargo", "composer"} else purl.name
    if purl.type == "pypi":
        name = re.sub(r"[-_.]+", "-", name)
    namespace = purl.namespace or ""
    key = f"pkg:{purl.type}/{namespace + '/' if namespace else ''}{name}"
    vendor = vendor_token(namespace.rsplit("/", 1)[-1]) if namespace else clean(purl.type)
    return PurlParts(key=key, type=purl.type, vendor=vendor, product=clean(name), version=purl.version or "")
