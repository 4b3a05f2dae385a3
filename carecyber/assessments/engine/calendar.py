"""The toolkit's calendar: years that close on 30 June, 12-month validity, reminders and deadline risk.

Pure Python (no Django).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carecyber.assessments.engine.items import add_months

DEADLINE_MONTH, DEADLINE_DAY = 6, 30
VALID_MONTHS = 12
REMINDER_DAYS = (60, 30, 7)  # before the 30 June deadline and before a publication expires
PLAN_MAX_MONTHS = 6  # an improvement plan's actions are due within six months


def toolkit_year(day: date) -> int:
    """The year an assessment belongs to, named by the year its deadline falls in (2026-27 → 2027)."""
    return day.year if (day.month, day.day) <= (DEADLINE_MONTH, DEADLINE_DAY) else day.year + 1


def year_label(end_year: int) -> str:
    return f"{end_year - 1}-{end_year % 100:02d}"


def deadline(end_year: int) -> date:
    return date(end_year, DEADLINE_MONTH, DEADLINE_DAY)


def year_start(end_year: int) -> date:
    return date.fromordinal(deadline(end_year - 1).toordinal() + 1)


def expiry_of(published_on: date) -> date:
    """A publication is valid for 12 months: the last valid day is the day before its anniversary."""
    return date.fromordinal(add_months(published_on, VALID_MONTHS).toordinal() - 1)


def plan_due_limit(today: date) -> date:
    return add_months(today, PLAN_MAX_MONTHS)


def reminder_stage(days_left: int, stages: tuple[int, ...] = REMINDER_DAYS) -> int | None:
    """The reminder due `days_left` days before a date: the smallest stage at or above it.

    With stages 60, 30, 7: 45 days left → 60, 30 → 30, 8 → 30, 7 → 7, 0 → 7; more than 60 or
    after the date → None. Sending each stage once (and never an earlier stage after a later one)
    gives three reminders even when the job skips a day.
    """
    if days_left < 0:
        return None
    fitting = [s for s in stages if days_left <= s]
    return min(fitting) if fitting else None


class DeadlineRisk(StrEnum):
    NONE = "none"  # published for this year and not about to expire
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    MISSED = "missed"  # the deadline passed without a publication

    @property
    def label(self) -> str:
        return {
            DeadlineRisk.NONE: "On track",
            DeadlineRisk.LOW: "Low risk",
            DeadlineRisk.MEDIUM: "Medium risk",
            DeadlineRisk.HIGH: "High risk",
            DeadlineRisk.MISSED: "Deadline missed",
        }[self]


@dataclass(frozen=True)
class DeadlinePosition:
    risk: DeadlineRisk
    days_left: int
    deadline: date


def deadline_risk(
    *, percent_complete: int, published_this_year: bool, expires_on: date | None, today: date
) -> DeadlinePosition:
    """How likely an organisation is to miss this year's deadline, or to let its status lapse.

    `expires_on` is the expiry of its current publication (None when it has none).
    Published this year and valid for more than 30 more days: none. A publication
    that has expired with nothing new: missed. Otherwise the nearer of the deadline
    and the expiry counts: within 7 days and not finished, or within 30 days and under
    80% answered → high; within 90 days and under 50% → medium; otherwise low.
    """
    end = deadline(toolkit_year(today))
    if published_this_year and expires_on is not None and (expires_on - today).days > 30:
        return DeadlinePosition(DeadlineRisk.NONE, (expires_on - today).days, expires_on)
    if expires_on is not None and expires_on < today:
        return DeadlinePosition(DeadlineRisk.MISSED, (expires_on - today).days, expires_on)
    target = min(end, expires_on) if expires_on is not None and not published_this_year else (expires_on or end)
    days = (target - today).days
    if (days <= 7 and percent_complete < 100) or (days <= 30 and percent_complete < 80):
        risk = DeadlineRisk.HIGH
    elif days <= 90 and percent_complete < 50:
        risk = DeadlineRisk.MEDIUM
    else:
        risk = DeadlineRisk.LOW
    return DeadlinePosition(risk, days, target)
