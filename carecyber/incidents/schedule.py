"""Scheduled jobs of incidents (run by Celery beat, or `carecyber scheduler` in the embedded default)."""

from carecyber.core.extensions import Job

JOBS: list[Job] = [
    Job(name="incidents.clock-reminders", task="incidents.clock_reminders", seconds=300),
    Job(name="incidents.retry-webhooks", task="incidents.retry_webhooks", seconds=60),
]
