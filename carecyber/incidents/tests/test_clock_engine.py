"""The 72-hour clock on its own: deadline, words a person reads, and which reminder is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from carecyber.incidents.engine.clock import clock_state, deadline_for, duration_words, reminder_due

AWARE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_deadline_is_72_hours_after_awareness() -> None:
    assert deadline_for(AWARE) == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


def test_the_clock_counts_down_then_shows_how_late() -> None:
    assert clock_state(AWARE, AWARE + timedelta(hours=20, minutes=30)).words == "2 days 3 hours left"
    assert clock_state(AWARE, AWARE + timedelta(hours=71, minutes=15)).words == "45 minutes left"
    late = clock_state(AWARE, AWARE + timedelta(hours=75))
    assert late.overdue and late.words == "3 hours overdue"


def test_a_stopped_clock_says_how_it_ended() -> None:
    early = clock_state(AWARE, AWARE + timedelta(days=9), stopped_at=AWARE + timedelta(hours=50))
    assert not early.running and early.words == "dealt with, 22 hours before the deadline"
    late = clock_state(AWARE, AWARE + timedelta(days=9), stopped_at=AWARE + timedelta(hours=80))
    assert late.words == "dealt with 8 hours after the deadline"


def test_durations_read_naturally() -> None:
    assert duration_words(timedelta(days=1)) == "1 day"
    assert duration_words(timedelta(hours=1, minutes=1)) == "1 hour 1 minute"
    assert duration_words(timedelta(seconds=59)) == "0 minutes"


def test_reminders_fall_due_at_24_48_and_66_hours() -> None:
    assert reminder_due(AWARE, AWARE + timedelta(hours=23, minutes=59), set()).send is None
    assert reminder_due(AWARE, AWARE + timedelta(hours=24), set()).send == 24
    assert reminder_due(AWARE, AWARE + timedelta(hours=30), {24}).send is None
    assert reminder_due(AWARE, AWARE + timedelta(hours=48), {24}).send == 48
    assert reminder_due(AWARE, AWARE + timedelta(hours=66), {24, 48}).send == 66
    assert reminder_due(AWARE, AWARE + timedelta(hours=90), {24, 48, 66}).send is None


def test_a_late_grading_sends_only_the_latest_reminder() -> None:
    plan = reminder_due(AWARE, AWARE + timedelta(hours=50), set())
    assert plan.send == 48 and plan.passed == (24,)
