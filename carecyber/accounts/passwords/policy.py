"""Assess a password: length, breached lists, and how guessable it is to someone who knows you.

No composition rules (NCSC, NIST SP 800-63B): length, a breached-list check
and a strength estimate that is given the person's own words (name, email,
organisation, pet's name...) so that "could someone who knows you guess it in
20 tries?" has an honest answer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from zxcvbn import zxcvbn

from carecyber.accounts.passwords import fastmatch
from carecyber.accounts.passwords.breached import BreachedPasswords

MAX_LENGTH = 256
# zxcvbn's work grows with the square of the length: the estimate reads at most
# this many characters, ending at a space or symbol near the end when there is
# one, so that a word is not cut in two (a cut word could look less guessable
# than the whole). Beyond 40 characters a password is long enough that the rest
# only adds guesses; the breached and personal-word checks always read it all.
ESTIMATE_CHARS = 40
_CUT_WINDOW = 12
STRONG_SCORE = 3
_WORD_RE = re.compile(r"[^\W\d_]{3,}|\d{4,}", re.UNICODE)
# zxcvbn keeps module-level state while it matches: one call at a time.
_ZXCVBN_LOCK = threading.Lock()
# Exact, faster matchers and search inside zxcvbn (see fastmatch.py and fastscore.py).
fastmatch.install()


@dataclass(frozen=True)
class PasswordAssessment:
    score: int
    guesses_log10: float
    breached: bool
    too_short: bool
    too_long: bool
    personal_words: list[str]
    guessable_by_people_you_know: bool
    min_length: int
    advice: list[str] = field(default_factory=list)

    @property
    def acceptable(self) -> bool:
        return not (
            self.too_short
            or self.too_long
            or self.breached
            or self.guessable_by_people_you_know
            or self.score < STRONG_SCORE
        )

    @property
    def problems(self) -> list[str]:
        """Why a password is refused, in the words shown beside the field."""
        found = []
        if self.too_short:
            found.append(
                f"Your password must be at least {self.min_length} characters long. "
                "Three random words together are long and easy to remember."
            )
        if self.too_long:
            found.append(f"Your password must be at most {MAX_LENGTH} characters long.")
        if self.breached:
            found.append(
                "This password is on a list of common or breached passwords that attackers try first. "
                "Choose a different one."
            )
        if self.guessable_by_people_you_know:
            found.append(
                "Do not use words someone who knows you could guess, like " + ", ".join(self.personal_words) + "."
            )
        if not found and self.score < STRONG_SCORE:
            found.append(
                "This password would be too easy to guess. Try three random words, like words you "
                "might see around you, put together."
            )
        return found


def personal_words_from(values: Iterable[str]) -> list[str]:
    """Split names, email addresses and organisation names into the words a guesser would try."""
    words: list[str] = []
    for value in values:
        for word in _WORD_RE.findall(value or ""):
            lowered = word.lower()
            if lowered not in words and lowered not in {"nhs", "the", "and", "com", "org", "net", "gov"}:
                words.append(lowered)
    return words


def _found_personal(password: str, words: list[str]) -> list[str]:
    lowered = password.lower()
    return [w for w in words if len(w) >= 3 and w in lowered]


def _advice(score: int, breached: bool, personal: list[str]) -> list[str]:
    tips = [
        "Use three random words: long, and easy for you to remember.",
        "Use a password manager to keep your passwords, so each one can be different.",
        "Never use your work password anywhere else.",
        "Turn on two-factor authentication wherever it is offered.",
    ]
    if breached:
        tips.insert(
            0, "Attackers try lists of breached passwords first: this is on one, so change it wherever you use it."
        )
    if personal:
        tips.insert(0, "Avoid names of family, pets, teams, places and dates: people who know you can guess them.")
    if score >= 4 and not breached and not personal:
        tips = tips[1:]
    return tips


def estimate_sample(password: str) -> str:
    """The part of the password the strength estimate reads (see ESTIMATE_CHARS)."""
    if len(password) <= ESTIMATE_CHARS:
        return password
    for cut in range(ESTIMATE_CHARS, ESTIMATE_CHARS - _CUT_WINDOW, -1):
        if not password[cut].isalnum():
            return password[:cut]
    return password[:ESTIMATE_CHARS]


def warm_up() -> None:
    """Build zxcvbn's lookup tables now, so the first real check is as fast as the rest."""
    with _ZXCVBN_LOCK:
        fastmatch.warm_up()
        zxcvbn("warm up the tables", user_inputs=["warm"])


def assess_password(
    password: str,
    *,
    personal_words: Iterable[str] = (),
    min_length: int = 15,
    breached: BreachedPasswords | None = None,
) -> PasswordAssessment:
    words = personal_words_from(personal_words)
    sample = estimate_sample(password)
    with _ZXCVBN_LOCK:
        result = zxcvbn(sample, user_inputs=words) if sample else {"score": 0, "guesses_log10": 0.0}
    is_breached = breached is not None and password in breached
    personal = _found_personal(password, words)
    score = int(result["score"])
    # Mostly the person's own words: someone who knows them could guess it, whatever the length.
    mostly_personal = bool(personal) and sum(len(w) for w in personal) * 2 >= len(password.replace(" ", ""))
    if mostly_personal:
        score = min(score, 1)
    return PasswordAssessment(
        score=score,
        guesses_log10=round(float(result["guesses_log10"]), 2),
        breached=is_breached,
        too_short=len(password) < min_length,
        too_long=len(password) > MAX_LENGTH,
        personal_words=personal,
        guessable_by_people_you_know=mostly_personal,
        min_length=min_length,
        advice=_advice(score, is_breached, personal),
    )
