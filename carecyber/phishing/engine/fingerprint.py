"""Campaign fingerprints: what lets the same attack, reported in many organisations, be seen as one.

`same_campaign(a, b)` is true when the two messages share where they come from or where they send people —
the same sender domain, a shared link domain, or the same attachment — AND their content is the same
attack: bodies whose similarity hashes differ in at most `SIMHASH_THRESHOLD` of 64 bits, or the same
normalised subject. An identical attachment (same SHA-256) is enough on its own.
"""

from __future__ import annotations

import heapq
import re
import zlib

from .types import Fingerprint

SIMHASH_THRESHOLD = 10  # of 64 bits
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|tr|sv|rv|res|enc)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]{0,40}\]\s*)+", re.I
)
_NUMBERS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_SPACES = re.compile(r"\s+")
_MAX_SHINGLES = 128
_MAX_WORDS = 400
_MASK = (1 << 64) - 1


def normalise_subject(subject: str) -> str:
    """Lower case, reply/forward prefixes and [tags] removed, numbers as #: so variants of a lure match."""
    text = _SUBJECT_PREFIX.sub("", subject or "")
    text = _NUMBERS.sub("#", text.lower())
    return _SPACES.sub(" ", text).strip()[:200]


def _spread_table() -> tuple[int, ...]:
    """For each byte value, its 8 bits spread into 16-bit fields (bit i at position 16*i)."""
    return tuple(sum(1 << (16 * i) for i in range(8) if byte >> i & 1) for byte in range(256))


_SPREAD = _spread_table()


def _word_hash(word: str) -> int:
    """64 bits from two CRC-32s with different seeds: distinct per word and the same in every process (the
    triple hash below does the mixing, so the word hash needs no avalanche of its own)."""
    data = word.encode("utf-8", "replace")
    return zlib.crc32(data) << 32 | zlib.crc32(data, 0x5BD1E995)


def simhash(text: str, words: list[str] | None = None) -> int:
    """64-bit similarity hash over word triples: near-identical bodies differ in few bits.

    Uses the first 400 words (`words`, lower case and in order, saves splitting the text again). Each
    distinct word is hashed once (CRC-32) and a triple's hash mixes its three word hashes, so the result
    is the same in every process. Long bodies are sampled consistently (the triples with the smallest
    hashes), and the per-bit counts are added in one big integer with a 16-bit field per bit.
    """
    if words is None:
        words = _WORDS.findall(text[:20_000].lower())
    words = [w for w in words[: _MAX_WORDS * 2] if len(w) > 1 and not w.isdigit()][:_MAX_WORDS]
    if not words:
        return 0
    hashed = {word: _word_hash(word) for word in set(words)}
    values = [hashed[word] for word in words]
    if len(values) < 3:
        values = values + [0] * (3 - len(values))
    # A tuple of ints hashes the same in every process (only str and bytes hashes are salted), with
    # xxHash-style mixing in C: far cheaper than mixing in Python.
    shingles = {hash(triple) & _MASK for triple in zip(values, values[1:], values[2:], strict=False)}
    hashes = heapq.nsmallest(_MAX_SHINGLES, shingles) if len(shingles) > _MAX_SHINGLES else list(shingles)
    total = 0
    for value in hashes:
        for k in range(8):
            total += _SPREAD[(value >> (8 * k)) & 0xFF] << (128 * k)
    half = len(hashes) / 2
    result = 0
    for bit in range(64):
        if (total >> (16 * bit)) & 0xFFFF > half:
            result |= 1 << bit
    return result


def fingerprint_distance(a: Fingerprint, b: Fingerprint) -> int:
    """Hamming distance (0-64) between the two bodies' similarity hashes."""
    return ((a.body_simhash ^ b.body_simhash) & _MASK).bit_count()


def same_campaign(a: Fingerprint, b: Fingerprint) -> bool:
    """See the module docstring for the rule."""
    if set(a.attachment_hashes) & set(b.attachment_hashes):
        return True
    shared_origin = bool(a.sender_domain and a.sender_domain == b.sender_domain) or bool(
        set(a.url_domains) & set(b.url_domains)
    )
    if not shared_origin:
        return False
    same_subject = bool(a.normalised_subject) and a.normalised_subject == b.normalised_subject
    both_bodies = a.body_simhash != 0 and b.body_simhash != 0
    return same_subject or (both_bodies and fingerprint_distance(a, b) <= SIMHASH_THRESHOLD)
