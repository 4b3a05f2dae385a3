"""When training is due, whether it is current or overdue, and compliance against a target."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    CURRENT = "current"
    DUE_SOON = "due_soon"
    NOT_STARTED = "not_started"  # new starter, still inside the time allowed
    OVERDUE = "overdue"
    EXPIRED = "expired"


@dataclass(frozen=True)
class TrainingState:
    status: Status
    due: datetime
    valid_until: datetime | None


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the last day of the month when that day does not exist)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def state_of(
    *, valid_until: datetime | None, joined: datetime, now: datetime, first_due_days: int, soon_days: int = 30
) -> TrainingState:
    """Current until expiry; a new starter has `first_due_days`; after that, overdue (or expired if done before)."""
    if valid_until is not None and valid_until > now:
        soon = valid_until - now <= timedelta(days=soon_days)
        return TrainingState(Status.DUE_SOON if soon else Status.CURRENT, valid_until, valid_until)
    if valid_until is not None:
        return TrainingState(Status.EXPIRED, valid_until, valid_until)
    due = joined + timedelta(days=first_due_days)
    return TrainingState(Status.NOT_STARTED if due > now else Status.OVERDUE, due, None)


def percent(part: int, whole: int) -> float:
    """A share as a percentage with one decimal place; an empty organisation is 0%, not 100%."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def meets(part: int, whole: int, target_percent: int) -> bool:
    return whole > 0 and part * 100 >= target_percent * whole
