"""Scheduled jobs run when their period has passed, and not before."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from carecyber.core.extensions import Job, scheduled_jobs
from carecyber.core.management.commands.scheduler import run_due

pytestmark = pytest.mark.django_db


def test_every_app_schedule_is_gathered() -> None:
    names = {job.name for job in scheduled_jobs()}
    assert "core.clear-expired-sessions" in names


def test_a_job_runs_once_per_period_and_does_its_work() -> None:
    old = SessionStore()
    old.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=timezone.now() - timezone.timedelta(days=1))
    job = Job(name="clear", task="core.clear_expired_sessions", seconds=100)
    last: dict[str, float] = {}
    assert run_due([job], last, now=1000.0) == ["clear"]
    assert not Session.objects.filter(session_key=old.session_key).exists()
    assert run_due([job], last, now=1050.0) == []
    assert run_due([job], last, now=1100.0) == ["clear"]
