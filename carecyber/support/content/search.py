"""Rank articles for a search: plain words in, the best matches first.

The database narrows the candidates (every word must appear somewhere); this
ranks them, weighting the title over the summary over the body, so "back up"
finds the backups article before one that mentions backups in passing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Words too common to help find anything.
_STOP = "a an and are as at be by can do does for from how i if in is it my of on or our so that the this to we what"
STOP_WORDS = frozenset(f"{_STOP} when where which who why will with you your".split(" "))
MAX_TERMS = 8
WEIGHTS = {"title": 8.0, "summary": 3.0, "body": 1.0}


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def stem(word: str) -> str:
    """A light stem so "backups", "backing" and "backup" meet. Not a linguist's stemmer, on purpose."""
    for suffix in ("ing", "ies", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            return base + "y" if suffix == "ies" else base
    return word


def query_terms(query: str) -> list[str]:
    """The distinct stems of the meaningful words of a query, at most MAX_TERMS."""
    seen: list[str] = []
    for word in words(query):
        if word in STOP_WORDS or len(word) < 2:
            continue
        term = stem(word)
        if term not in seen:
            seen.append(term)
    return seen[:MAX_TERMS]


@dataclass(frozen=True)
class Candidate:
    key: str
    title: str
    summary: str
    body: str


def score(candidate: Candidate, terms: Sequence[str]) -> float:
    """Higher is better; 0 when a term is missing entirely."""
    fields = {
        "title": [stem(w) for w in words(candidate.title)],
        "summary": [stem(w) for w in words(candidate.summary)],
        "body": [stem(w) for w in words(candidate.body)],
    }
    total = 0.0
    for term in terms:
        found = 0.0
        for name, stems in fields.items():
            hits = sum(1 for s in stems if s.startswith(term))
            if hits:
                # Diminishing returns: a word said twenty times is not twenty times as relevant.
                found += WEIGHTS[name] * (1 + min(hits, 10) ** 0.5)
        if not found:
            return 0.0
        total += found
    return total


def rank(candidates: Iterable[Candidate], query: str) -> list[tuple[Candidate, float]]:
    terms = query_terms(query)
    if not terms:
        return []
    scored = [(c, score(c, terms)) for c in candidates]
    return sorted(((c, s) for c, s in scored if s > 0), key=lambda pair: (-pair[1], pair[0].title))
