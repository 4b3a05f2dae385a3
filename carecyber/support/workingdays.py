"""Working days in England and Wales, and the helpline's first-response clock. Pure Python (no Django).

A working day is Monday to Friday, not a bank holiday. The clock counts whole
working days and keeps the time of day: a ticket raised at 10:00 on a Monday
is due by 10:00 on Wednesday; one raised on a Saturday is due by the end of
Tuesday. Durations are measured in real (UTC) time, so clock changes in spring
and autumn neither add nor lose an hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

UK = ZoneInfo("Europe/London")
BANK_HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "bank_holidays_england_wales.yaml"


class CalendarError(ValueError):
    """The bank holiday list cannot be read."""


@dataclass(frozen=True)
class BankHolidays:
    dates: frozenset[date]
    covers_from: date
    covers_to: date
    confirmed_to: date

    @classmethod
    def from_file(cls, path: Path = BANK_HOLIDAYS_FILE) -> BankHolidays:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            dates = frozenset(data["dates"])
            covers_from, covers_to, confirmed_to = data["covers_from"], data["covers_to"], data["confirmed_to"]
        except (KeyError, TypeError) as exc:
            raise CalendarError(f"{path.name}: needs covers_from, covers_to, confirmed_to and dates") from exc
        if not all(isinstance(d, date) for d in (*dates, covers_from, covers_to, confirmed_to)):
            raise CalendarError(f"{path.name}: every date must be written as YYYY-MM-DD")
        outside = sorted(d for d in dates if not covers_from <= d <= covers_to)
        if outside:
            raise CalendarError(f"{path.name}: {outside[0]} is outside covers_from..covers_to")
        weekend = sorted(d for d in dates if d.weekday() >= 5)
        if weekend:
            raise CalendarError(f"{path.name}: {weekend[0]} is a weekend day (use the substitute day)")
        return cls(dates=dates, covers_from=covers_from, covers_to=covers_to, confirmed_to=confirmed_to)

    def covers(self, day: date) -> bool:
        return self.covers_from <= day <= self.covers_to

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.dates


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the clock needs a timezone-aware time")
    return moment.astimezone(UK)


def _at(day: date, clock: time) -> datetime:
    """A local wall-clock time on a day, as an aware time (fold=0 picks the first of an hour that repeats)."""
    return datetime.combine(day, clock, tzinfo=UK)


def add_working_days(start: datetime, days: int, holidays: BankHolidays) -> datetime:
    """The moment `days` working days after `start`, at the same time of day (UK time)."""
    if days < 1:
        raise ValueError("days must be 1 or more")
    local = _local(start)
    day, clock = local.date(), local.timetz().replace(tzinfo=None)
    if not holidays.is_working_day(day):
        clock = time(0, 0)  # raised on a day off: the clock starts at the beginning of the next working day
        while not holidays.is_working_day(day):
            day += timedelta(days=1)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if holidays.is_working_day(day):
            counted += 1
    return _at(day, clock)


def working_time_between(start: datetime, end: datetime, holidays: BankHolidays) -> timedelta:
    """How much of the time from `start` to `end` falls on working days (negative when end is earlier)."""
    if end < start:
        return -working_time_between(end, start, holidays)
    first, last = _local(start).date(), _local(end).date()
    total = timedelta()
    day = first
    while day <= last:
        if holidays.is_working_day(day):
            segment_start = max(start, _at(day, time(0, 0)))
            segment_end = min(end, _at(day + timedelta(days=1), time(0, 0)))
            if segment_end > segment_start:
                # Subtract in UTC: aware times sharing one zone subtract as wall-clock times in Python.
                total += segment_end.astimezone(ZoneInfo("UTC")) - segment_start.astimezone(ZoneInfo("UTC"))
        day += timedelta(days=1)
    return total


def first_response_due(raised_at: datetime, holidays: BankHolidays, *, working_days: int = 2) -> datetime:
    return add_working_days(raised_at, working_days, holidays)
