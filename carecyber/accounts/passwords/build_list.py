"""Build the shipped list of common and breached passwords from lists inside installed packages.

Sources (all offline, all inside packages we already install):

- Django's `common-passwords.txt.gz`: 20,000 passwords most often seen in breaches;
- zxcvbn's `passwords` frequency list: 30,000 more, ranked by how often they appear;
- variants attackers try first: the 1,000 most common letter-only passwords from
  those lists and the seasons and months, with the endings people add to meet
  old composition rules (1, 12, 123, 1234, !, 1!, a year from 1990 to 2029, a
  year and !).

Every entry is lower-cased (the check looks up both the password and its lower
case), hashed with SHA-1 and cut to its first 64 bits; the file is those
numbers, sorted, 8 bytes each, big-endian. No password is kept in clear.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import django
from zxcvbn.frequency_lists import FREQUENCY_LISTS

DJANGO_LIST = Path(django.__file__).parent / "contrib" / "auth" / "common-passwords.txt.gz"
OUTPUT = Path(__file__).resolve().parents[1] / "data" / "breached-passwords.bin"
SEASONS_AND_MONTHS = [
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
YEARS = range(1990, 2030)
ENDINGS = ["1", "12", "123", "1234", "!", "1!", *(str(y) for y in YEARS), *(f"{y}!" for y in YEARS)]
VARIANT_BASES = 1000


def _django_passwords() -> list[str]:
    with gzip.open(DJANGO_LIST, "rt", encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


def source_passwords() -> Iterator[str]:
    """Every password the list holds, lower-cased (duplicates included)."""
    django_list = _django_passwords()
    zxcvbn_list = list(FREQUENCY_LISTS["passwords"])
    yield from (p.lower() for p in django_list)
    yield from (p.lower() for p in zxcvbn_list)
    bases: list[str] = []
    for word in (*zxcvbn_list, *django_list):
        lowered = word.lower()
        if lowered.isalpha() and len(lowered) >= 4 and lowered not in bases:
            bases.append(lowered)
        if len(bases) >= VARIANT_BASES:
            break
    for base in (*bases, *SEASONS_AND_MONTHS):
        yield base
        for ending in ENDINGS:
            yield base + ending


def prefix64(password: str) -> int:
    return int.from_bytes(hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).digest()[:8], "big")


def build(passwords: Iterable[str], output: Path = OUTPUT) -> int:
    """Write the sorted 64-bit prefixes; returns how many distinct entries were written."""
    prefixes = sorted({prefix64(p) for p in passwords})
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(b"".join(p.to_bytes(8, "big") for p in prefixes))
    return len(prefixes)
