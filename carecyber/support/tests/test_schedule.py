"""Support's scheduled jobs are real Celery tasks that the scheduler can run."""

from __future__ import annotations

import pytest

from carecyber.config.celery import app
from carecyber.core.extensions import scheduled_jobs
from carecyber.core.management.commands.scheduler import run_due
from carecyber.support.schedule import JOBS

pytestmark = pytest.mark.django_db


def test_every_support_job_is_scheduled_and_runs() -> None:
    app.loader.import_default_modules()
    names = {job.name for job in scheduled_jobs()}
    assert {job.name for job in JOBS} <= names
    assert sorted(run_due(JOBS, {}, now=0.0)) == sorted(job.name for job in JOBS)
