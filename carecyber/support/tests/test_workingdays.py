"""The first-response clock: 2 working days, England and Wales bank holidays excluded, clock changes handled."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.easter import easter
from hypothesis import given
from hypothesis import strategies as st

from carecyber.support.workingdays import (
    UK,
    BankHolidays,
    CalendarError,
    add_working_days,
    first_response_due,
    working_time_between,
)

HOLIDAYS = BankHolidays.from_file()
UTC = ZoneInfo("UTC")


def uk(*args: int) -> datetime:
    return datetime(*args, tzinfo=UK)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        (uk(2026, 11, 23, 10, 0), uk(2026, 11, 25, 10, 0)),  # Monday -> Wednesday, same time
        (uk(2026, 11, 27, 15, 30), uk(2026, 12, 1, 15, 30)),  # Friday -> Tuesday
        (uk(2026, 11, 28, 10, 0), uk(2026, 12, 2, 0, 0)),  # Saturday -> the end of Tuesday
        (uk(2026, 4, 2, 15, 0), uk(2026, 4, 8, 15, 0)),  # Thursday before Easter -> Wednesday after it
        (uk(2026, 12, 24, 9, 0), uk(2026, 12, 30, 9, 0)),  # Christmas Eve; the 25th and the 28th are holidays
        (uk(2027, 12, 24, 12, 0), uk(2027, 12, 30, 12, 0)),  # both substitute days of 2027
        (uk(2026, 8, 28, 17, 0), uk(2026, 9, 2, 17, 0)),  # Friday before the summer bank holiday
    ],
)
def test_the_first_reply_is_due_two_working_days_later(raised: datetime, due: datetime) -> None:
    assert first_response_due(raised, HOLIDAYS) == due


def test_the_clock_works_in_uk_time_whatever_zone_it_is_given() -> None:
    raised_utc = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 23:30 Monday in London (GMT)
    assert first_response_due(raised_utc, HOLIDAYS) == uk(2026, 11, 25, 23, 30)
    summer_utc = datetime(2026, 7, 3, 23, 30, tzinfo=UTC)  # 00:30 on Saturday in London (BST)
    assert first_response_due(summer_utc, HOLIDAYS) == uk(2026, 7, 8, 0, 0)


def test_working_time_skips_weekends_and_holidays_and_counts_real_hours() -> None:
    assert working_time_between(uk(2026, 11, 27, 12, 0), uk(2026, 11, 30, 12, 0), HOLIDAYS) == timedelta(hours=24)
    # Across the autumn clock change (25 October 2026 is a Sunday): Friday noon to Monday noon is 24 real hours.
    assert working_time_between(uk(2026, 10, 23, 12, 0), uk(2026, 10, 26, 12, 0), HOLIDAYS) == timedelta(hours=24)
    # Good Friday and Easter Monday count for nothing.
    assert working_time_between(uk(2026, 4, 3, 0, 0), uk(2026, 4, 7, 0, 0), HOLIDAYS) == timedelta()
    assert working_time_between(uk(2026, 11, 25, 10, 0), uk(2026, 11, 24, 10, 0), HOLIDAYS) == timedelta(hours=-24)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(datetime(2026, 11, 23, 10, 0), 2, HOLIDAYS)


@given(st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2028, 12, 20)), st.integers(1, 5))
def test_the_due_time_is_always_that_many_working_days_of_working_time_away(moment: datetime, days: int) -> None:
    start = moment.replace(tzinfo=UTC)
    due = add_working_days(start, days, HOLIDAYS)
    assert due > start
    assert HOLIDAYS.is_working_day(due.astimezone(UK).date()) or due.astimezone(UK).time() == datetime.min.time()
    left = working_time_between(start, due, HOLIDAYS)
    # Whole working days, give or take the hour a clock change adds or takes away.
    assert abs(left - timedelta(days=days)) <= timedelta(hours=1)


def test_the_shipped_list_has_every_year_s_usual_bank_holidays() -> None:
    for year in range(HOLIDAYS.covers_from.year, HOLIDAYS.covers_to.year + 1):
        e = easter(year)
        in_year = sorted(d for d in HOLIDAYS.dates if d.year == year)
        assert e - timedelta(days=2) in in_year, f"Good Friday {year}"
        assert e + timedelta(days=1) in in_year, f"Easter Monday {year}"
        assert [d for d in in_year if d.month == 8] == [max(d for d in _mondays(year, 8))], f"August {year}"
        assert min(d for d in in_year if d.month == 5) == min(_mondays(year, 5)), f"early May {year}"
        assert len([d for d in in_year if d.month == 12]) == 2, f"Christmas {year}"
        assert len(in_year) >= 8


def _mondays(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    return [
        first + timedelta(days=n)
        for n in range(31)
        if (first + timedelta(days=n)).month == month and (first + timedelta(days=n)).weekday() == 0
    ]


def test_a_list_with_a_weekend_date_is_refused(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "holidays.yaml"
    path.write_text(
        "covers_from: 2026-01-01\ncovers_to: 2026-12-31\nconfirmed_to: 2026-12-31\ndates:\n  2026-12-26: Boxing Day\n",
        encoding="utf-8",
    )
    with pytest.raises(CalendarError, match="2026-12-26 is a weekend day"):
        BankHolidays.from_file(path)
