"""How hard a simulated phishing email is to spot, counted on NIST Phish Scale lines.

Two things decide it: how many cues the email carries (many cues make it
easier to spot) and how well its premise fits the people who receive it (a
close fit makes it harder). The categories and the matrix follow the NIST
Phish Scale; the premise score is our own simple count of its five questions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class CueCategory(StrEnum):
    ERROR = "error"
    TECHNICAL = "technical"
    VISUAL = "visual"
    LANGUAGE = "language"
    TACTIC = "tactic"


CATEGORY_LABELS = {
    CueCategory.ERROR: "Errors (spelling, grammar)",
    CueCategory.TECHNICAL: "Technical signs (sender, links, attachments)",
    CueCategory.VISUAL: "How it looks (branding, design)",
    CueCategory.LANGUAGE: "Language and content (urgency, requests, tone)",
    CueCategory.TACTIC: "Common tactics (too good to be true, curiosity)",
}

# The premise questions: does the email...
PREMISE_QUESTIONS = {
    "workplace_process": "copy something people really do at work?",
    "workplace_relevance": "matter to the people who get it?",
    "current_events": "tie in with something happening now?",
    "audience_concern": "touch on a worry or wish of the audience?",
    "often_warned": "use a trick people have often been warned about? (makes it easier)",
}


class Difficulty(StrEnum):
    LEAST = "least"
    MODERATE = "moderate"
    VERY = "very"


DIFFICULTY_LABELS = {
    Difficulty.LEAST: "Least difficult",
    Difficulty.MODERATE: "Moderately difficult",
    Difficulty.VERY: "Very difficult",
}

# (cue level, premise alignment) → difficulty: the NIST Phish Scale matrix.
_MATRIX = {
    ("few", "high"): Difficulty.VERY,
    ("few", "medium"): Difficulty.VERY,
    ("few", "low"): Difficulty.MODERATE,
    ("some", "high"): Difficulty.VERY,
    ("some", "medium"): Difficulty.MODERATE,
    ("some", "low"): Difficulty.MODERATE,
    ("many", "high"): Difficulty.MODERATE,
    ("many", "medium"): Difficulty.MODERATE,
    ("many", "low"): Difficulty.LEAST,
}


@dataclass(frozen=True)
class Cue:
    category: CueCategory
    cue: str
    where: str  # what in this email shows it, in the words of the teach-on-click page


@dataclass(frozen=True)
class Rating:
    cues: int
    cue_level: str  # few, some, many
    premise_score: int
    premise_level: str  # low, medium, high
    difficulty: Difficulty

    @property
    def label(self) -> str:
        return DIFFICULTY_LABELS[self.difficulty]


def cue_level(count: int) -> str:
    if count <= 8:
        return "few"
    if count <= 14:
        return "some"
    return "many"


def premise_level(answers: Mapping[str, bool]) -> tuple[int, str]:
    unknown = set(answers) - set(PREMISE_QUESTIONS)
    if unknown:
        raise ValueError(f"Unknown premise question {sorted(unknown)}")
    score = sum(1 for k, v in answers.items() if v and k != "often_warned") - (1 if answers.get("often_warned") else 0)
    level = "high" if score >= 3 else "medium" if score == 2 else "low"
    return score, level


def rate(cues: Sequence[Cue], premise: Mapping[str, bool]) -> Rating:
    level = cue_level(len(cues))
    score, alignment = premise_level(premise)
    return Rating(len(cues), level, score, alignment, _MATRIX[(level, alignment)])
