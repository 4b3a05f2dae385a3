"""Version schemes and version ranges, and their `vers` form (the package-url "version range specifier").

A range is a union of intervals plus versions listed one by one, in one scheme.
Schemes with a precise published ordering (semver, PEP 440, Debian, RPM, Maven,
NuGet, RubyGems, Go, Composer) compare through `univers`; plain dotted versions
("10.0.17763.3046", "9.1R18", "16.0.5387.1000") compare through `dotted_key`
below, which splits a version into numbers and words the way libversion does,
because univers' "generic" scheme compares such versions as semver or as text.

Verdicts are three-valued: affected, not affected, or unknown (no version
recorded, or one that cannot be read in the scheme). Targeting treats unknown as
"could not rule out", so a missing version never hides an organisation.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from itertools import zip_longest
from typing import Any
from urllib.parse import quote, unquote

from univers import versions as uv

SCHEME_LABELS: dict[str, str] = {
    "generic": "Plain dotted versions (for example 10.0.17763.3046 or 9.1R18)",
    "semver": "Semantic versions (1.4.2, 2.0.0-rc.1)",
    "pypi": "Python packages (PEP 440)",
    "deb": "Debian and Ubuntu packages",
    "rpm": "RPM packages (Red Hat, SUSE)",
    "npm": "npm packages (semantic versions)",
    "maven": "Maven (Java) packages",
    "nuget": "NuGet (.NET) packages",
    "gem": "RubyGems",
    "golang": "Go modules",
    "composer": "Composer (PHP) packages",
    "cargo": "Cargo (Rust) crates (semantic versions)",
}

_UNIVERS_CLASSES: dict[str, type[uv.Version]] = {
    "semver": uv.SemverVersion,
    "npm": uv.SemverVersion,
    "cargo": uv.SemverVersion,
    "pypi": uv.PypiVersion,
    "deb": uv.DebianVersion,
    "rpm": uv.RpmVersion,
    "maven": uv.MavenVersion,
    "nuget": uv.NugetVersion,
    "gem": uv.RubygemsVersion,
    "golang": uv.GolangVersion,
    "composer": uv.ComposerVersion,
}

# Which scheme a package-url type implies (purl types that are not listed compare as plain dotted versions).
PURL_TYPE_SCHEMES: dict[str, str] = {
    "pypi": "pypi",
    "npm": "npm",
    "deb": "deb",
    "rpm": "rpm",
    "maven": "maven",
    "nuget": "nuget",
    "gem": "gem",
    "golang": "golang",
    "composer": "composer",
    "cargo": "cargo",
}

# CVE JSON 5 `versionType` values and the scheme each means here.
CVE_VERSION_TYPES: dict[str, str] = {
    "semver": "semver",
    "python": "pypi",
    "pypi": "pypi",
    "deb": "deb",
    "debian": "deb",
    "rpm": "rpm",
    "maven": "maven",
    "nuget": "nuget",
    "gem": "gem",
    "go": "golang",
    "golang": "golang",
    "npm": "npm",
}

_PRE_WORDS = {"dev": 0, "alpha": 1, "beta": 2, "pre": 3, "preview": 3, "rc": 3}
_PRE_LETTERS = {"a": 1, "b": 2, "c": 3}
_TOKEN = re.compile(r"\d+|[a-z]+")
_FILL = (1, 0)


class DottedKey:
    """A plain dotted version as comparable components: numbers, pre-release words and other words.

    Missing trailing components count as zero, so 10.0 equals 10.0.0; a pre-release
    word sorts before the release (1.0rc1 < 1.0); any other word sorts after the
    numbers before it (1.0a < 1.1, 9.1R2 < 9.1R18).
    """

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[tuple[Any, ...], ...]) -> None:
        trimmed = list(parts)
        while trimmed and trimmed[-1] == _FILL:
            trimmed.pop()
        self.parts = tuple(trimmed)

    def _cmp(self, other: DottedKey) -> int:
        for mine, theirs in zip_longest(self.parts, other.parts, fillvalue=_FILL):
            if mine != theirs:
                return -1 if mine < theirs else 1
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DottedKey) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __lt__(self, other: DottedKey) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: DottedKey) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: DottedKey) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: DottedKey) -> bool:
        return self._cmp(other) >= 0

    def __repr__(self) -> str:
        return f"DottedKey({self.parts!r})"


def dotted_key(text: str) -> DottedKey | None:
    """The comparable form of a plain dotted version, or None when it does not start with a number."""
    lowered = re.sub(r"^v(?=\d)", "", text.strip().lower())
    if not lowered[:1].isdigit():
        return None
    tokens = _TOKEN.findall(lowered)
    parts: list[tuple[Any, ...]] = []
    for i, token in enumerate(tokens):
        if token.isdigit():
            parts.append((1, int(token)))
        elif token in _PRE_WORDS:
            parts.append((0, _PRE_WORDS[token], token))
        elif token in _PRE_LETTERS and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            parts.append((0, _PRE_LETTERS[token], token))
        else:
            parts.append((2, token))
    return DottedKey(tuple(parts))


_SEMVER_SCHEMES = frozenset({"semver", "npm", "cargo"})
# Strict enough that univers' lenient semver coercion never reorders text it guessed at (9.1R2 as 9.1.0-R2).
_SEMVER_RE = re.compile(r"^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")


def version_key(scheme: str, text: str) -> Any | None:
    """A value that orders versions of `scheme` correctly, or None when `text` is not a version in it."""
    text = text.strip()
    if not text:
        return None
    cls = _UNIVERS_CLASSES.get(scheme)
    if cls is None:
        return dotted_key(text)
    if scheme in _SEMVER_SCHEMES and not _SEMVER_RE.match(text):
        return None
    try:
        return cls(text)
    except Exception:  # univers raises several kinds (ValueError, InvalidVersion, TypeError) for bad input
        return None


def known_scheme(scheme: str) -> bool:
    return scheme in SCHEME_LABELS


@dataclass(frozen=True)
class Interval:
    """Versions from `lower` to `upper`; None means unbounded on that side."""

    lower: str | None = None
    lower_inclusive: bool = True
    upper: str | None = None
    upper_inclusive: bool = False

    def describe(self) -> str:
        if self.lower is None and self.upper is None:
            return "every version"
        if self.lower is None:
            return f"up to {self.upper}" + (" inclusive" if self.upper_inclusive else " (not including it)")
        if self.upper is None:
            return f"{self.lower} and later" if self.lower_inclusive else f"later than {self.lower}"
        start = f"from {self.lower}" if self.lower_inclusive else f"after {self.lower}"
        end = f"up to {self.upper} inclusive" if self.upper_inclusive else f"before {self.upper}"
        return f"{start} {end}"


@dataclass(frozen=True)
class VersionRange:
    """The affected versions of one product: intervals and single versions, in one scheme."""

    scheme: str = "generic"
    intervals: tuple[Interval, ...] = ()
    exact: tuple[str, ...] = ()

    @classmethod
    def every_version(cls, scheme: str = "generic") -> VersionRange:
        return cls(scheme=scheme, intervals=(Interval(),))

    @property
    def is_every_version(self) -> bool:
        return any(i.lower is None and i.upper is None for i in self.intervals)

    @property
    def is_empty(self) -> bool:
        return not self.intervals and not self.exact

    def describe(self) -> str:
        if self.is_every_version:
            return "every version"
        parts = [i.describe() for i in self.intervals]
        if self.exact:
            parts.append(("version " if len(self.exact) == 1 else "versions ") + ", ".join(self.exact))
        return "; ".join(parts) if parts else "no versions"

    def to_vers(self) -> str:
        """The `vers:` string: constraints in version order, intervals as >=/< pairs, single versions plain."""
        if self.is_every_version:
            return f"vers:{self.scheme}/*"
        intervals = merge_intervals(self.scheme, self.intervals)
        matcher = RangeMatcher(VersionRange(self.scheme, tuple(intervals)))
        items: list[tuple[Any, list[str]]] = []
        for interval in intervals:
            parts = []
            if interval.lower is not None:
                parts.append((">=" if interval.lower_inclusive else ">") + _quote(interval.lower))
            if interval.upper is not None:
                parts.append(("<=" if interval.upper_inclusive else "<") + _quote(interval.upper))
            key = version_key(self.scheme, interval.lower) if interval.lower is not None else None
            items.append((key, parts))
        for version in self.exact:
            if intervals and matcher.judge(version).verdict is Verdict.AFFECTED:
                continue  # already inside an interval
            items.append((version_key(self.scheme, version), [_quote(version)]))
        # Bounds that cannot be compared keep the order they were given in.
        with contextlib.suppress(TypeError):
            items.sort(key=lambda item: (0,) if item[0] is None else (1, item[0]))
        return f"vers:{self.scheme}/" + "|".join(part for _, parts in items for part in parts)

    @classmethod
    def from_vers(cls, text: str) -> VersionRange:
        """Read a `vers:` string; raises ValueError with a message a person can act on."""
        text = text.strip()
        if not text.startswith("vers:") or "/" not in text:
            raise ValueError(f"A version range looks like vers:semver/>=1.2.0|<1.4.3, not {text!r}")
        scheme, _, body = text[len("vers:") :].partition("/")
        scheme = scheme.lower()
        if not known_scheme(scheme):
            raise ValueError(f"Unknown version scheme {scheme!r}: use one of {', '.join(sorted(SCHEME_LABELS))}")
        body = body.strip()
        if not body:
            raise ValueError("The version range is empty: give at least one constraint, or * for every version")
        if body == "*":
            return cls.every_version(scheme)
        exact: list[str] = []
        bounds: list[tuple[str, str]] = []
        for raw in body.split("|"):
            raw = raw.strip()
            match = re.match(r"^(>=|<=|!=|<|>|=)?(.+)$", raw)
            if not match or not match.group(2).strip():
                raise ValueError(f"Cannot read the constraint {raw!r} in {text!r}")
            op, version = match.group(1) or "=", unquote(match.group(2).strip())
            if op == "!=":
                raise ValueError("Exclusions (!=) are not supported: split the range around that version instead")
            if op == "=":
                exact.append(version)
            else:
                bounds.append((op, version))
        intervals: list[Interval] = []
        pending: tuple[str, bool] | None = None
        for op, version in bounds:
            if op in {">", ">="}:
                if pending is not None:
                    raise ValueError(f"Two lower bounds in a row in {text!r}: close the first with < or <=")
                pending = (version, op == ">=")
            else:
                lower, inclusive = pending if pending is not None else (None, True)
                intervals.append(Interval(lower, inclusive, version, op == "<="))
                pending = None
        if pending is not None:
            intervals.append(Interval(pending[0], pending[1], None, False))
        result = cls(scheme=scheme, intervals=tuple(intervals), exact=tuple(exact))
        problems = range_problems(result)
        if problems:
            raise ValueError("; ".join(problems))
        return result


def merge_intervals(scheme: str, intervals: tuple[Interval, ...]) -> list[Interval]:
    """The same versions as fewer, non-overlapping intervals in order (unchanged when a bound cannot be read)."""
    keyed: list[tuple[Any, Any, Interval]] = []
    for interval in intervals:
        low = version_key(scheme, interval.lower) if interval.lower is not None else None
        high = version_key(scheme, interval.upper) if interval.upper is not None else None
        if (interval.lower is not None and low is None) or (interval.upper is not None and high is None):
            return list(intervals)
        keyed.append((low, high, interval))
    try:
        keyed.sort(key=lambda item: (0,) if item[0] is None else (1, item[0]))
        merged: list[tuple[Any, Any, Interval]] = []
        for low, high, interval in keyed:
            if not merged:
                merged.append((low, high, interval))
                continue
            m_low, m_high, m = merged[-1]
            overlaps = (
                m_high is None
                or low is None
                or low < m_high
                or (low == m_high and (interval.lower_inclusive or m.upper_inclusive))
            )
            if not overlaps:
                merged.append((low, high, interval))
                continue
            lower_inclusive = m.lower_inclusive or (low is not None and low == m_low and interval.lower_inclusive)
            if m_high is None or high is None:
                merged[-1] = (m_low, None, Interval(m.lower, lower_inclusive, None, False))
            elif high > m_high or (high == m_high and interval.upper_inclusive):
                merged[-1] = (m_low, high, Interval(m.lower, lower_inclusive, interval.upper, interval.upper_inclusive))
            else:
                merged[-1] = (m_low, m_high, Interval(m.lower, lower_inclusive, m.upper, m.upper_inclusive))
    except TypeError:
        return list(intervals)
    return [interval for _, _, interval in merged]


def _quote(version: str) -> str:
    return quote(version, safe=".-_~+:!*()'")


def range_problems(version_range: VersionRange) -> list[str]:
    """What is wrong with a range, in words (empty when it is sound)."""
    problems: list[str] = []
    scheme = version_range.scheme
    if not known_scheme(scheme):
        return [f"Unknown version scheme {scheme!r}"]
    for interval in version_range.intervals:
        for bound in (interval.lower, interval.upper):
            if bound is not None and version_key(scheme, bound) is None:
                problems.append(f"{bound!r} is not a {scheme} version")
        if interval.lower is not None and interval.upper is not None:
            low, high = version_key(scheme, interval.lower), version_key(scheme, interval.upper)
            if low is not None and high is not None and high < low:
                problems.append(f"The range starts at {interval.lower} but ends earlier, at {interval.upper}")
    return problems


class Verdict(Enum):
    AFFECTED = "affected"
    NOT_AFFECTED = "not_affected"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reason: str

    @property
    def targets(self) -> bool:
        """Affected, or not ruled out."""
        return self.verdict is not Verdict.NOT_AFFECTED


def _plain_text(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class RangeMatcher:
    """A range with its bounds read once, and a memory of versions already judged (matching is per distinct version)."""

    version_range: VersionRange
    _bounds: list[tuple[Any, bool, Any, bool, Interval]] = field(init=False, default_factory=list)
    _exact_keys: list[tuple[Any, str]] = field(init=False, default_factory=list)
    _exact_text: set[str] = field(init=False, default_factory=set)
    _seen: dict[str, Judgement] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        scheme = self.version_range.scheme
        for interval in self.version_range.intervals:
            low = version_key(scheme, interval.lower) if interval.lower is not None else None
            high = version_key(scheme, interval.upper) if interval.upper is not None else None
            self._bounds.append((low, interval.lower_inclusive, high, interval.upper_inclusive, interval))
        for version in self.version_range.exact:
            key = version_key(scheme, version)
            if key is None:
                self._exact_text.add(_plain_text(version))
            else:
                self._exact_keys.append((key, version))

    def judge(self, version: str) -> Judgement:
        version = version.strip()
        known = self._seen.get(version)
        if known is None:
            known = self._judge(version)
            if len(self._seen) < 100_000:
                self._seen[version] = known
        return known

    def _judge(self, version: str) -> Judgement:
        scheme = self.version_range.scheme
        if self.version_range.is_every_version:
            return Judgement(Verdict.AFFECTED, "every version is affected")
        if not version:
            return Judgement(Verdict.UNKNOWN, "no version is recorded, so it cannot be ruled out")
        if _plain_text(version) in self._exact_text:
            return Judgement(Verdict.AFFECTED, f"version {version} is listed as affected")
        key = version_key(scheme, version)
        if key is None:
            return Judgement(
                Verdict.UNKNOWN,
                f"version {version!r} cannot be compared as a {scheme} version, so it cannot be ruled out",
            )
        try:
            for exact_key, exact in self._exact_keys:
                if key == exact_key:
                    return Judgement(Verdict.AFFECTED, f"version {version} is listed as affected ({exact})")
            for low, low_inc, high, high_inc, interval in self._bounds:
                if low is not None and (key < low or (key == low and not low_inc)):
                    continue
                if high is not None and (key > high or (key == high and not high_inc)):
                    continue
                return Judgement(Verdict.AFFECTED, f"version {version} is in the affected range: {interval.describe()}")
        except TypeError:
            return Judgement(Verdict.UNKNOWN, f"version {version!r} cannot be compared with the affected range")
        return Judgement(Verdict.NOT_AFFECTED, f"version {version} is outside the affected range")


def merge_ranges(ranges: Iterable[VersionRange]) -> VersionRange:
    """One range holding the intervals and versions of several (of the same scheme; the first scheme wins)."""
    items = list(ranges)
    if not items:
        return VersionRange()
    scheme = items[0].scheme
    intervals: list[Interval] = []
    exact: list[str] = []
    for item in items:
        intervals.extend(i for i in item.intervals if i not in intervals)
        exact.extend(v for v in item.exact if v not in exact)
    return VersionRange(scheme=scheme, intervals=tuple(intervals), exact=tuple(exact))
