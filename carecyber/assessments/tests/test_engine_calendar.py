"""The toolkit's calendar: years closing on 30 June, expiry, reminder stages and deadline risk."""

from __future__ import annotations

from datetime import date

import pytest

from carecyber.assessments.engine.calendar import (
    DeadlineRisk,
    deadline,
    deadline_risk,
    expiry_of,
    plan_due_limit,
    reminder_stage,
    toolkit_year,
    year_label,
    year_start,
)


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 6, 30), 2026), (date(2026, 7, 1), 2027), (date(2027, 1, 1), 2027), (date(2026, 1, 1), 2026)],
)
def test_the_year_closes_on_30_june(day: date, year: int) -> None:
    assert toolkit_year(day) == year


def test_years_are_named_by_both_calendar_years() -> None:
    assert year_label(2027) == "2026-27"
    assert year_label(2000) == "1999-00"
    assert deadline(2027) == date(2027, 6, 30)
    assert year_start(2027) == date(2026, 7, 1)


def test_a_publication_is_valid_for_twelve_months() -> None:
    assert expiry_of(date(2026, 6, 15)) == date(2027, 6, 14)
    assert expiry_of(date(2024, 2, 29)) == date(2025, 2, 27)


def test_plan_actions_are_due_within_six_months() -> None:
    assert plan_due_limit(date(2026, 8, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(61, None), (60, 60), (45, 60), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)],
)
def test_reminders_come_at_60_30_and_7_days(days_left: int, stage: int | None) -> None:
    assert reminder_stage(days_left) == stage


TODAY = date(2027, 5, 20)  # 41 days before the 2026-27 deadline


def test_published_and_valid_for_long_is_on_track() -> None:
    position = deadline_risk(percent_complete=100, published_this_year=True, expires_on=date(2028, 1, 1), today=TODAY)
    assert position.risk == DeadlineRisk.NONE


def test_an_expired_publication_with_nothing_new_is_missed() -> None:
    position = deadline_risk(percent_complete=40, published_this_year=False, expires_on=date(2027, 5, 1), today=TODAY)
    assert position.risk == DeadlineRisk.MISSED


@pytest.mark.parametrize(
    ("today", "percent", "risk"),
    [
        (date(2027, 6, 25), 90, DeadlineRisk.HIGH),  # 5 days left, not finished
        (date(2027, 6, 10), 70, DeadlineRisk.HIGH),  # 20 days left, under 80%
        (date(2027, 6, 10), 85, DeadlineRisk.LOW),
        (date(2027, 4, 15), 30, DeadlineRisk.MEDIUM),  # 76 days left, under half
        (date(2026, 9, 1), 0, DeadlineRisk.LOW),  # the year has just begun
    ],
)
def test_risk_grows_as_the_deadline_nears(today: date, percent: int, risk: DeadlineRisk) -> None:
    position = deadline_risk(percent_complete=percent, published_this_year=False, expires_on=None, today=today)
    assert position.risk == risk
    assert position.deadline == date(2027, 6, 30)


def test_an_expiry_before_the_deadline_is_what_counts() -> None:
    position = deadline_risk(percent_complete=20, published_this_year=False, expires_on=date(2027, 6, 1), today=TODAY)
    assert position.deadline == date(2027, 6, 1)
    assert position.days_left == 12
    assert position.risk == DeadlineRisk.HIGH
