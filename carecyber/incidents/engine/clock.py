"""The legal clock: a notifiable incident is reported within 72 hours of becoming aware of it.

Reminders go out 24, 48 and 66 hours after awareness. When a case is graded
late, only the latest reminder that has fallen due is sent (the earlier ones
are marked as passed), so nobody gets three emails at once.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

DEADLINE = timedelta(hours=72)
REMINDER_HOURS: tuple[int, ...] = (24, 48, 66)


def deadline_for(aware_at: datetime) -> datetime:
    return aware_at + DEADLINE


@dataclass(frozen=True)
class ClockState:
    aware_at: datetime
    deadline_at: datetime
    now: datetime
    stopped_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    @property
    def remaining(self) -> timedelta:
        end = self.stopped_at or self.now
        return self.deadline_at - end

    @property
    def overdue(self) -> bool:
        return self.remaining < timedelta(0)

    @property
    def elapsed_fraction(self) -> float:
        end = self.stopped_at or self.now
        return max(0.0, min(1.0, (end - self.aware_at) / DEADLINE))

    @property
    def words(self) -> str:
        """ "1 day 4 hours left", "3 hours 10 minutes overdue", "reported with 20 hours to spare"."""
        if not self.running:
            spare = self.remaining
            if spare >= timedelta(0):
                return f"dealt with, {duration_words(spare)} before the deadline"
            return f"dealt with {duration_words(-spare)} after the deadline"
        if self.overdue:
            return f"{duration_words(-self.remaining)} overdue"
        return f"{duration_words(self.remaining)} left"


def clock_state(aware_at: datetime, now: datetime, stopped_at: datetime | None = None) -> ClockState:
    return ClockState(aware_at=aware_at, deadline_at=deadline_for(aware_at), now=now, stopped_at=stopped_at)


def duration_words(span: timedelta) -> str:
    """A span in the two largest units a person needs: days and hours, or hours and minutes."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)

    def unit(n: int, name: str) -> str:
        return f"{n} {name}{'' if n == 1 else 's'}"

    if days:
        return unit(days, "day") + (f" {unit(hours, 'hour')}" if hours else "")
    if hours:
        return unit(hours, "hour") + (f" {unit(mins, 'minute')}" if mins else "")
    return unit(mins, "minute")


@dataclass(frozen=True)
class ReminderPlan:
    send: int | None
    """The reminder (hours after awareness) to send now, if any."""
    passed: tuple[int, ...]
    """Earlier reminders that fell due but are superseded by `send`: recorded, not sent."""


def reminder_due(
    aware_at: datetime, now: datetime, already: Collection[int], hours: tuple[int, ...] = REMINDER_HOURS
) -> ReminderPlan:
    """Which reminder to send now, given those already sent or passed."""
    elapsed = now - aware_at
    due = [h for h in sorted(hours) if elapsed >= timedelta(hours=h) and h not in already]
    if not due:
        return ReminderPlan(send=None, passed=())
    return ReminderPlan(send=due[-1], passed=tuple(due[:-1]))
