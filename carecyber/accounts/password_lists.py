"""The breached-password list the platform uses: a compact file shipped in the repository.

`data/breached-passwords.bin` holds the first 64 bits of the SHA-1 of about
100,000 common and breached passwords, sorted (see `passwords/build_list.py`
for where they come from; `carecyber password build-list` rebuilds it). It
loads in a few milliseconds and never touches the network.
"""

from __future__ import annotations

from functools import cache

from carecyber.accounts.passwords import BreachedPasswords
from carecyber.accounts.passwords.build_list import OUTPUT as LIST_FILE

__all__ = ["LIST_FILE", "breached_passwords"]


@cache
def breached_passwords() -> BreachedPasswords:
    return BreachedPasswords.from_file(LIST_FILE)
