"""Mark a quiz: which answers were right, the feedback for each option chosen, the score and pass or retry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AnswerResult:
    key: str
    prompt: str
    correct: bool
    chosen: tuple[str, ...]
    right: tuple[str, ...]
    feedback: tuple[tuple[str, bool, str], ...]  # (option text, was it right to choose, feedback)
    unanswered: bool


@dataclass(frozen=True)
class QuizResult:
    answers: tuple[AnswerResult, ...]
    score_percent: int
    passed: bool
    pass_mark: int

    @property
    def correct_count(self) -> int:
        return sum(a.correct for a in self.answers)


def mark(questions: Sequence[Mapping[str, Any]], chosen: Mapping[str, Sequence[str]], *, pass_mark: int) -> QuizResult:
    """A question is right when exactly the correct options were chosen; unknown option keys are ignored."""
    results: list[AnswerResult] = []
    for question in questions:
        options = {str(o["key"]): o for o in question["options"]}
        picked = tuple(sorted({str(k) for k in chosen.get(str(question["key"]), ()) if str(k) in options}))
        right = tuple(sorted(k for k, o in options.items() if o["correct"]))
        if question["kind"] != "multiple":
            picked = picked[:1] if len(picked) == 1 else picked
        feedback = tuple(
            (str(options[k]["text"]), bool(options[k]["correct"]), str(options[k]["feedback"])) for k in picked
        )
        missed = tuple((str(options[k]["text"]), True, str(options[k]["feedback"])) for k in right if k not in picked)
        results.append(
            AnswerResult(
                key=str(question["key"]),
                prompt=str(question["prompt"]),
                correct=picked == right,
                chosen=picked,
                right=right,
                feedback=feedback + (missed if question["kind"] == "multiple" and picked else ()),
                unanswered=not picked,
            )
        )
    total = len(results)
    score = round(100 * sum(r.correct for r in results) / total) if total else 0
    return QuizResult(answers=tuple(results), score_percent=score, passed=score >= pass_mark, pass_mark=pass_mark)
