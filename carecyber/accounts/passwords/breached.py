"""Common and breached passwords, held compactly: sorted 64-bit prefixes of SHA-1 hashes.

A prefix of 64 bits keeps false matches below one in a billion for lists of
millions, and lets the list ship (or be built) without the passwords in clear.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path


def _prefix(password: str) -> int:
    digest = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big")


class BreachedPasswords:
    def __init__(self, prefixes: Iterable[int]) -> None:
        self._items = array("Q", sorted(set(prefixes)))

    @classmethod
    def from_file(cls, path: Path) -> BreachedPasswords:
        """Load a list written by `build_list.build` (sorted big-endian 64-bit prefixes) without re-sorting."""
        data = path.read_bytes()
        if len(data) % 8:
            raise ValueError(f"{path.name}: not a list of 8-byte entries ({len(data)} bytes)")
        items = array("Q")
        items.frombytes(data)
        if sys.byteorder == "little":
            items.byteswap()
        instance = cls.__new__(cls)
        instance._items = items
        return instance

    @classmethod
    def from_passwords(cls, passwords: Iterable[str]) -> BreachedPasswords:
        """Both the word as written and in lower case, as attackers try both."""
        prefixes: set[int] = set()
        for word in passwords:
            word = word.strip()
            if word:
                prefixes.add(_prefix(word))
                prefixes.add(_prefix(word.lower()))
        return cls(prefixes)

    @classmethod
    def from_files(cls, paths: Iterable[Path], *, extra: Iterable[str] = ()) -> BreachedPasswords:
        def words() -> Iterable[str]:
            for path in paths:
                opener = gzip.open if path.suffix == ".gz" else open
                with opener(path, "rt", encoding="utf-8", errors="ignore") as handle:
                    yield from handle
            yield from extra

        return cls.from_passwords(words())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, password: object) -> bool:
        if not isinstance(password, str):
            return False
        return self._has(_prefix(password)) or self._has(_prefix(password.lower()))

    def _has(self, value: int) -> bool:
        i = bisect_left(self._items, value)
        return i < len(self._items) and self._items[i] == value
