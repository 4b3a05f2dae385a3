"""Scheduled jobs of this app (run by Celery beat, or `carecyber scheduler` in the embedded default)."""

from carecyber.core.extensions import Job

JOBS: list[Job] = []
