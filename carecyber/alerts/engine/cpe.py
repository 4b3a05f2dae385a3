"""CPE 2.3 names: reading them (formatted strings, and the older 2.2 URIs), and name matching.

Matching follows the CPE 2.3 name matching rules (NISTIR 7696) for what a
targeting decision needs: an attribute of the affected product's name that is
ANY (`*`) matches everything, NA (`-`) matches only NA, a value with `*` or `?`
wildcards matches as a pattern, and other values compare case-insensitively.
An inventory name that says ANY for an attribute the advisory is specific about
cannot be ruled out, and the result says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

ATTRIBUTES = (
    "part",
    "vendor",
    "product",
    "version",
    "update",
    "edition",
    "language",
    "sw_edition",
    "target_sw",
    "target_hw",
    "other",
)
LABELS = {
    "part": "part",
    "vendor": "vendor",
    "product": "product",
    "version": "version",
    "update": "update",
    "edition": "edition",
    "language": "language",
    "sw_edition": "software edition",
    "target_sw": "target software",
    "target_hw": "target hardware",
    "other": "other",
}
ANY = "*"
NA = "-"


def _split_formatted(body: str) -> list[str]:
    """Split on colons that are not escaped with a backslash."""
    fields: list[str] = []
    current: list[str] = []
    escaped = False
    for char in body:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def escape(value: str) -> str:
    """Quote the characters a formatted-string value must escape (letters, digits, _ . - stay as they are)."""
    return "".join(c if c.isalnum() or c in "_.-" else "\\" + c for c in value)


@dataclass(frozen=True)
class Cpe:
    """A CPE 2.3 name; values are kept as written in the formatted string (escapes included)."""

    part: str
    vendor: str
    product: str
    version: str = ANY
    update: str = ANY
    edition: str = ANY
    language: str = ANY
    sw_edition: str = ANY
    target_sw: str = ANY
    target_hw: str = ANY
    other: str = ANY

    @classmethod
    def parse(cls, text: str) -> Cpe:
        """Read `cpe:2.3:a:vendor:product:...` or a 2.2 URI `cpe:/a:vendor:product:version`; ValueError if neither."""
        text = text.strip()
        if text.startswith("cpe:2.3:"):
            fields = _split_formatted(text[len("cpe:2.3:") :])
            if len(fields) != 11:
                raise ValueError(f"A CPE 2.3 name has 11 parts after cpe:2.3: – {text!r} has {len(fields)}")
        elif text.startswith("cpe:/"):
            fields = [unquote(f) for f in text[len("cpe:/") :].split(":")]
            if len(fields) > 7 or len(fields) < 1:
                raise ValueError(f"Cannot read the CPE 2.2 name {text!r}")
            fields = [escape(f) if f not in {"", NA} else (ANY if f == "" else NA) for f in fields]
            fields += [ANY] * (11 - len(fields))
        else:
            raise ValueError(f"A CPE name starts with cpe:2.3: (or cpe:/ for CPE 2.2), not {text[:40]!r}")
        fields = [f if f else ANY for f in fields]
        if fields[0] not in {"a", "o", "h", ANY}:
            raise ValueError(
                f"The part of a CPE name is a (application), o (operating system) or h (hardware), not {fields[0]!r}"
            )
        if fields[1] in {ANY, NA} or fields[2] in {ANY, NA}:
            raise ValueError(f"A CPE name needs a vendor and a product: {text!r}")
        return cls(*fields)

    def to_string(self) -> str:
        return "cpe:2.3:" + ":".join(getattr(self, name) for name in ATTRIBUTES)

    @property
    def vendor_name(self) -> str:
        return unescape(self.vendor).lower()

    @property
    def product_name(self) -> str:
        return unescape(self.product).lower()

    @property
    def key(self) -> str:
        """vendor:product, the part of the name inventories are indexed by."""
        return f"{self.vendor_name}:{self.product_name}"

    @property
    def version_text(self) -> str:
        """The version as plain text, or "" when the name says ANY or NA."""
        return "" if self.version in {ANY, NA} else unescape(self.version)

    def with_version(self, version: str) -> Cpe:
        values = {name: getattr(self, name) for name in ATTRIBUTES}
        values["version"] = escape(version) if version else ANY
        return Cpe(**values)


def _pattern(value: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value):
            out.append(re.escape(value[i + 1]))
            i += 2
            continue
        out.append(".*" if char == "*" else "." if char == "?" else re.escape(char))
        i += 1
    return re.compile("^" + "".join(out) + "$", re.IGNORECASE)


def _has_wildcard(value: str) -> bool:
    return bool(re.search(r"(?<!\\)[*?]", value))


@dataclass(frozen=True)
class CpeComparison:
    matches: bool
    uncertain: tuple[str, ...] = ()
    mismatch: str = ""


def compare(pattern: Cpe, name: Cpe, *, skip: frozenset[str] = frozenset()) -> CpeComparison:
    """Is `name` (an inventory entry) within `pattern` (an affected product)? Attributes in `skip` are not compared."""
    uncertain: list[str] = []
    for attribute in ATTRIBUTES:
        if attribute in skip:
            continue
        source, target = getattr(pattern, attribute), getattr(name, attribute)
        if source == ANY:
            continue
        if target == ANY:
            uncertain.append(attribute)
            continue
        if source == NA or target == NA:
            if source != target:
                return CpeComparison(False, mismatch=attribute)
            continue
        if _has_wildcard(source):
            if not _pattern(source).match(unescape(target)):
                return CpeComparison(False, mismatch=attribute)
            continue
        if unescape(source).lower() != unescape(target).lower():
            return CpeComparison(False, mismatch=attribute)
    return CpeComparison(True, uncertain=tuple(uncertain))
