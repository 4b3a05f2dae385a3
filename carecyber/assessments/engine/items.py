"""Evidence items: what an answer may be, whether an item applies, and whether an answer meets it.

Pure Python (no Django): the same rules run when a person saves an answer,
when the platform recomputes every organisation, and in their own tests.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any


class AnswerType(StrEnum):
    YES_NO = "yes_no"
    TEXT = "text"
    NUMBER = "number"
    PERCENTAGE = "percentage"
    DATE = "date"
    DOCUMENT = "document"
    CHOICE = "choice"
    ACHIEVEMENT = "achievement"


ANSWER_TYPE_LABELS: dict[str, str] = {
    AnswerType.YES_NO: "Yes or no",
    AnswerType.TEXT: "Text",
    AnswerType.NUMBER: "Number",
    AnswerType.PERCENTAGE: "Percentage",
    AnswerType.DATE: "Date",
    AnswerType.DOCUMENT: "Document upload",
    AnswerType.CHOICE: "Choose one",
    AnswerType.ACHIEVEMENT: "Achievement level",
}


class Achievement(IntEnum):
    """How far an outcome is achieved; ordered, so a level meets any target at or below it."""

    NOT_ACHIEVED = 0
    PARTIALLY_ACHIEVED = 1
    ACHIEVED = 2

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()

    @classmethod
    def from_key(cls, key: str) -> Achievement:
        return cls[key.upper()]


ACHIEVEMENT_KEYS = tuple(level.key for level in Achievement)

TEXT_MAX = 5000
NUMBER_MAX = 1e12
_NUMBER_RE = re.compile(r"^-?\d{1,13}(\.\d{1,4})?$")


class AnswerError(ValueError):
    """An answer that does not fit its item; the message says what to do, in plain English."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    meets: bool = True


@dataclass(frozen=True)
class ItemRule:
    """The part of an evidence item that decides applicability, valid answers and whether it is met."""

    reference: str
    answer_type: AnswerType
    mandatory: bool = True
    mandatory_categories: tuple[int, ...] = ()  # when given, mandatory only for these categories
    categories: tuple[int, ...] = ()  # applies to these categories (empty: any) ...
    types: tuple[str, ...] = ()  # ... or to these organisation types (empty: any)
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None  # number and percentage: met at or above this
    met_when_yes: bool = True  # yes/no: which answer meets the item
    max_age_months: int | None = None  # date: met while the date is no older than this
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def applies_to(self, category: int, org_type: str) -> bool:
        """An item applies when neither list is given, or the category or the type is listed."""
        if not self.categories and not self.types:
            return True
        return category in self.categories or org_type in self.types

    def is_mandatory_for(self, category: int) -> bool:
        if not self.mandatory:
            return False
        return not self.mandatory_categories or category in self.mandatory_categories


@dataclass(frozen=True)
class Evaluation:
    answered: bool
    met: bool
    met_until: date | None = None  # a dated answer stops meeting its item after this day


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days (29 Feb → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def parse_answer(rule: ItemRule, raw: Any, *, today: date) -> Any:
    """Turn what a person typed (a string from a form, or a JSON value) into the stored value.

    Returns None for "no answer". Raises AnswerError with a message that says what to do.
    """
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    kind = rule.answer_type
    if kind == AnswerType.YES_NO:
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        value = str(raw).strip().lower()
        if value in {"yes", "no"}:
            return value
        raise AnswerError("Choose yes or no")
    if kind == AnswerType.TEXT:
        if not isinstance(raw, str):
            raise AnswerError("Enter the answer as text")
        text = raw.strip()
        if len(text) > TEXT_MAX:
            raise AnswerError(f"Keep the answer to {TEXT_MAX:,} characters or fewer (it has {len(text):,})")
        return text
    if kind in {AnswerType.NUMBER, AnswerType.PERCENTAGE}:
        number = _number(raw, percentage=kind == AnswerType.PERCENTAGE)
        if kind == AnswerType.PERCENTAGE and not 0 <= number <= 100:
            raise AnswerError("Enter a percentage from 0 to 100")
        return int(number) if float(number).is_integer() else number
    if kind == AnswerType.DATE:
        day = _date(raw)
        if rule.max_age_months is not None and day > today:
            raise AnswerError("Enter a date that is today or in the past")
        if day.year < 1990:
            raise AnswerError("Enter a date after 1990")
        return day.isoformat()
    if kind == AnswerType.DOCUMENT:
        raise AnswerError("Upload a document as evidence for this item")
    if kind == AnswerType.CHOICE:
        value = str(raw).strip()
        allowed = [c.value for c in rule.choices]
        if value not in allowed:
            raise AnswerError("Choose one of the options")
        return value
    if kind == AnswerType.ACHIEVEMENT:
        value = str(raw).strip().lower()
        if value not in ACHIEVEMENT_KEYS:
            raise AnswerError("Choose not achieved, partially achieved or achieved")
        return value
    raise AnswerError(f"This item has an answer type the platform does not know: {kind}")


def _number(raw: Any, *, percentage: bool) -> float:
    if isinstance(raw, bool):
        raise AnswerError("Enter a number, like 12 or 95.5")
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = str(raw).strip().replace(",", "")
        if percentage:
            text = text.removesuffix("%").strip()
        if not _NUMBER_RE.match(text):
            raise AnswerError(
                "Enter a number, like 12 or 95.5" + (" (without the % sign is fine)" if percentage else "")
            )
        number = float(text)
    if math.isnan(number) or math.isinf(number) or abs(number) >= NUMBER_MAX:
        raise AnswerError("Enter a number, like 12 or 95.5")
    return number


def _date(raw: Any) -> date:
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AnswerError("Enter a real date, like 2026-03-31") from None


def evaluate(
    rule: ItemRule,
    value: Any,
    *,
    evidence_count: int = 0,
    target: Achievement = Achievement.ACHIEVED,
    today: date,
) -> Evaluation:
    """Whether a stored value answers the item, and whether it meets it (and until when)."""
    kind = rule.answer_type
    if kind == AnswerType.DOCUMENT:
        has = evidence_count > 0
        return Evaluation(answered=has, met=has)
    if value is None:
        return Evaluation(answered=False, met=False)
    if kind == AnswerType.YES_NO:
        return Evaluation(answered=True, met=(value == "yes") == rule.met_when_yes)
    if kind == AnswerType.TEXT:
        return Evaluation(answered=bool(value), met=bool(value))
    if kind in {AnswerType.NUMBER, AnswerType.PERCENTAGE}:
        met = rule.minimum is None or float(value) >= rule.minimum
        return Evaluation(answered=True, met=met)
    if kind == AnswerType.DATE:
        if rule.max_age_months is None:
            return Evaluation(answered=True, met=True)
        until = add_months(date.fromisoformat(value), rule.max_age_months)
        return Evaluation(answered=True, met=today <= until, met_until=until)
    if kind == AnswerType.CHOICE:
        meeting = {c.value for c in rule.choices if c.meets}
        return Evaluation(answered=True, met=value in meeting)
    if kind == AnswerType.ACHIEVEMENT:
        return Evaluation(answered=True, met=Achievement.from_key(value) >= target)
    return Evaluation(answered=False, met=False)


def describe_value(rule: ItemRule, value: Any) -> str:
    """The answer in words, for pages, snapshots and exports."""
    if value is None:
        return ""
    kind = rule.answer_type
    if kind == AnswerType.YES_NO:
        return "Yes" if value == "yes" else "No"
    if kind == AnswerType.PERCENTAGE:
        return f"{value}%"
    if kind == AnswerType.CHOICE:
        return next((c.label for c in rule.choices if c.value == value), str(value))
    if kind == AnswerType.ACHIEVEMENT:
        return Achievement.from_key(value).label
    if kind == AnswerType.DATE:
        day = date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)
