"""Domains: who owns a host, and whether it only looks like a protected one.

Three ways a domain can pretend: a small spelling change (edit distance on the registrable name, after
folding look-alike ASCII such as `rn`/`m` and `0`/`o`), Unicode look-alike letters (the Unicode confusables
data shipped by `confusable_homoglyphs`, read offline) and punycode (`xn--`), which hides such letters.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import tldextract
from confusable_homoglyphs import confusables  # type: ignore[import-untyped]  # ships no type hints

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)
# The public suffix list's private section too: names anyone can take under a company's domain (x.github.io,
# lidl.it.com, shop.pages.dev). Two of them are two owners, though their registered domain is the same.
_EXTRACT_PRIVATE = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
_ASCII_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("3", "e"), ("5", "s"), ("@", "a"))
_TOKEN = re.compile(r"[a-z]+")


_IP_CHARS = re.compile(r"^\[?[0-9a-fA-F:.]+\]?$")


def is_ip(host: str) -> bool:
    if not _IP_CHARS.match(host):
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def owns(host: str, domains: Iterable[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one (a set or frozenset is fastest)."""
    known = domains if isinstance(domains, (set, frozenset)) else set(domains)
    host = host.lower().rstrip(".")
    while host:
        if host in known:
            return True
        _, _, host = host.partition(".")
    return False


@lru_cache(maxsize=8192)
def registered_domain(host: str) -> str:
    """`login.evil.co.uk` -> `evil.co.uk` (an IP address, or a host with no known suffix, is returned as it is)."""
    host = host.lower().rstrip(".")
    if not host or is_ip(host):
        return host
    parts = _EXTRACT(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return host


def registrable_label(host: str) -> str:
    """The name part an organisation chose: `paypal` for `www.paypal.co.uk`."""
    if is_ip(host):
        return ""
    parts = _EXTRACT(host.lower().rstrip("."))
    return parts.domain or host.split(".")[0]


def to_unicode(host: str) -> str:
    """Punycode labels (`xn--...`) shown as the letters a person would see."""
    if "xn--" not in host:
        return host
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                labels.append(label[4:].encode("ascii").decode("punycode"))
            except (UnicodeError, ValueError):
                labels.append(label)
        else:
            labels.append(label)
    return ".".join(labels)


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """Each non-ASCII letter replaced by the Latin letter it can be mistaken for (Unicode confusables)."""
    out = []
    for char in text.lower():
        if char.isascii():
            out.append(char)
            continue
        found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin"]) or []
        replacement = char
        for entry in found:
            for glyph in entry.get("homoglyphs", []):
                candidate = str(glyph.get("c", "")).lower()
                if candidate.isascii() and candidate.strip():
                    replacement = candidate
                    break
            if replacement != char:
                break
        out.append(replacement)
    return "".join(out)


# How German and Nordic names are written without their letters (Jürgen: Juergen), beside plain Jurgen.
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "å": "aa", "æ": "ae", "ø": "oe"})


def spellings_without_accents(text: str) -> set[str]:
    """The ways a name is written without accents, in lower case: "Jürgen" gives jurgen and juergen, "Zoë"
    gives zoe. Letters of other alphabets stay in their own alphabet (only their marks go): dropping them would
    make a different name."""
    lower = text.lower()
    return {_without_marks(lower), _without_marks(lower.translate(_TRANSLITERATION))}


def _without_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold_ascii(label: str) -> str:
    for seen, meant in _ASCII_LOOKALIKES:
        label = label.replace(seen, meant)
    return label


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (swaps count once), stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


@dataclass(frozen=True)
class Target:
    domain: str  # a protected or brand domain
    label: str  # its registrable name
    owner: str  # who it belongs to, for the reason text


@dataclass(frozen=True)
class Lookalike:
    kind: str  # "lookalike" (spelling), "homoglyph" (Unicode look-alike letters), "brand_in_name"
    host: str
    target: Target


class DomainMatcher:
    """Finds hosts that imitate protected domains; built once per settings object."""

    def __init__(self, targets: Iterable[Target]) -> None:
        self.targets = tuple(targets)
        self.owned = frozenset(t.domain for t in self.targets)
        self.by_label: dict[str, Target] = {}
        self.deletes: dict[str, list[Target]] = {}
        for target in self.targets:
            label = target.label
            if not label:
                continue
            self.by_label.setdefault(label, target)
            if len(label) >= 5:
                for variant in _deletes(label, 2 if len(label) >= 9 else 1):
                    self.deletes.setdefault(variant, []).append(target)
        self.tokens: dict[str, Target] = {}
        for target in self.targets:  # the first domain listed names the brand (nhs.uk, not nhs.wales)
            if len(target.label) >= 3:
                self.tokens.setdefault(target.label, target)
        self.by_domain: dict[str, Target] = {}
        for target in self.targets:
            if "." in target.domain:
                self.by_domain.setdefault(target.domain, target)

    def check(self, host: str) -> Lookalike | None:
        host = host.lower().rstrip(".")
        if not host or is_ip(host) or owns(host, self.owned):
            return None
        shown = to_unicode(host)
        if not shown.isascii():
            folded = skeleton(shown)
            if owns(folded, self.owned):
                return Lookalike("homoglyph", host, self._owner_of(folded))
            label = registrable_label(folded) if folded.isascii() else ""
            if label in self.by_label:
                return Lookalike("homoglyph", host, self.by_label[label])
        label = registrable_label(host)
        if not label:
            return None
        if label in self.by_label:  # the same name on another ending: nhs.com, paypal.co
            return Lookalike("lookalike", host, self.by_label[label])
        folded_label = fold_ascii(label)
        if folded_label != label and folded_label in self.by_label:
            return Lookalike("lookalike", host, self.by_label[folded_label])
        if len(label) >= 5:
            limit = 2 if len(label) >= 9 else 1
            seen: set[str] = set()
            for variant in _deletes(label, limit):
                for target in self.deletes.get(variant, ()):
                    if target.label in seen:
                        continue
                    seen.add(target.label)
                    allowed = 2 if len(target.label) >= 9 else 1
                    if osa_distance(label, target.label, allowed) <= allowed:
                        return Lookalike("lookalike", host, target)
        for token in _TOKEN.findall(label):
            if token in self.tokens and token != label:
                return Lookalike("brand_in_name", host, self.tokens[token])
        return None

    def brand_in_subdomain(self, host: str) -> Target | None:
        """`paypal.com.account-check.example`: a protected name in the part of the host anyone can choose."""
        host = host.lower().rstrip(".")
        if owns(host, self.owned) or is_ip(host):
            return None
        registered = registered_domain(host)
        prefix = host[: -len(registered)].rstrip(".") if host.endswith(registered) else ""
        if not prefix:
            return None
        labels = prefix.split(".")[-8:]
        # A run of labels that starts in the chosen part may run on into the registered one: `nhs.uk.com` and
        # `hmrc.gov.uk.com` are bought under uk.com, a name anyone can register, and end in a protected domain
        # with another ending stuck on. The last label is never part of a run, so the whole host never is.
        every = [*labels, *registered.split(".")[:-1]]
        for start in range(len(labels)):
            for end in range(start + 1, len(every) + 1):
                piece = ".".join(every[start:end])
                if piece in self.by_domain:
                    return self.by_domain[piece]
        for label in labels:
            if len(label) >= 4 and label in self.by_label:
                return self.by_label[label]
        return self._glued(host)

    def _glued(self, host: str) -> Target | None:
        """`nhs.net-login.com`, `paypal.com-secure.info`: a protected domain run into more words by a hyphen, so
        that the start of the address reads as the real one."""
        for index, char in enumerate(host):
            if char != "-":
                continue
            labels = host[:index].split(".")
            for start in range(len(labels) - 1):  # two labels at least: a domain, not a word
                piece = ".".join(labels[start:])
                if piece in self.by_domain:
                    return self.by_domain[piece]
        return None

    def _owner_of(self, host: str) -> Target:
        for target in self.targets:
            if host == target.domain or host.endswith("." + target.domain):
                return target
        return self.targets[0]


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def has_public_suffix(host: str) -> bool:
    """`ethereum.org` yes, `Mr.Clayton` no: the name ends in a real top-level domain and has a name before it."""
    parts = _EXTRACT(host)
    return bool(parts.domain and parts.suffix)


def owner_domain(host: str, private_suffixes: Iterable[str]) -> str:
    """The domain that stands for one owner: `leeds.nhs.uk` under `nhs.uk`, `shop.pages.dev` under a name
    anyone can take (the public suffix list's private section), else the registered domain."""
    host = host.lower().rstrip(".")
    for suffix in private_suffixes:
        if host.endswith("." + suffix):
            head = host[: -len(suffix) - 1]
            return f"{head.rsplit('.', 1)[-1]}.{suffix}"
    return _owner_under_public_suffixes(host)


@lru_cache(maxsize=8192)
def _owner_under_public_suffixes(host: str) -> str:
    if not host or is_ip(host):
        return host
    parts = _EXTRACT_PRIVATE(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return registered_domain(host)


# Webmail providers that ignore dots in the name part of an address (j.o.smith@gmail.com is josmith@gmail.com).
_DOTS_IGNORED = frozenset({"gmail.com", "googlemail.com"})


# An email address in text. Starts only where a run of address characters starts, so a long run with no "@"
# is read once, not once per letter.
ADDRESS_PATTERN = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def mailbox_of(address: str) -> str:
    """The mailbox an address delivers to, so two spellings of one account compare equal: lower case, without a
    "+tag", and without the dots Gmail ignores (googlemail.com is gmail.com)."""
    local, _, domain = address.strip().lower().rpartition("@")
    local = local.partition("+")[0]
    if domain in _DOTS_IGNORED:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


def looks_random(text: str) -> bool:
    """A name no person or organisation would choose: five or more consonants in a row (`mvssrjf`). German writes
    one sound as "sch", so Gottschall and Messerschmid are read with it as one letter."""
    return bool(_CONSONANT_RUN.search(text.lower().replace("sch", "s")))


_LETTER_RUN = re.compile(r"[A-Za-z]{5,}")
# How people and organisations write capitals in an address: an acronym, then words that each start with a
# capital (USPSInformeddelivery, DoNotReply, LWabeke, McDonald, salesUK), or none at all.
_WORD_CAPITALS = re.compile(r"[A-Z]*[a-z]*(?:[A-Z][a-z]+)*[A-Z]{0,3}")


def random_capitals(local: str) -> bool:
    """Capital and small letters mixed at random inside a word (`srWUViqS`, `bdQAkfl`): a program made the
    address up for one mailing. A person's or organisation's address uses capitals only to start words."""
    for run in _LETTER_RUN.findall(local):
        if run.islower() or run.isupper() or _WORD_CAPITALS.fullmatch(run):
            continue
        changes = sum(1 for a, b in itertools.pairwise(run) if a.isupper() != b.isupper())
        if changes >= 2:
            return True
    return False


_LETTERS_AND_DIGITS = re.compile(r"[a-z0-9]+")


def digits_scattered(local: str) -> bool:
    """Digits scattered among the letters of one word (`eon4ukm59w5v`, `gkmlu1hage9w`): a program made the
    address up for one mailing. People put a number at the end of a name (`jsmith72`); a hexadecimal code
    (`8d41ad9c`, letters a to f only) is a service's own message or account number, not a throwaway address."""
    for run in _LETTERS_AND_DIGITS.findall(local.lower()):
        switches = sum(1 for a, b in itertools.pairwise(run) if a.isdigit() != b.isdigit())
        if switches >= 4 and re.search(r"[g-z]", run):
            return True
    return False


def top_level(host: str) -> str:
    """The ending a cheap-domain list is keyed on: `com` for `a.example.com`, `sa.com` for `x.sa.com`."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and labels[-1] == "com" and len(labels[-2]) == 2:
        return ".".join(labels[-2:])
    return labels[-1] if labels else ""
