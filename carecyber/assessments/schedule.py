"""Scheduled jobs of the toolkit (Celery beat, or `carecyber scheduler` in the embedded default)."""

from carecyber.core.extensions import Job

HOUR = 3600

JOBS: list[Job] = [
    Job(name="assessments.expire-statuses", task="assessments.expire_statuses", seconds=HOUR),
    Job(name="assessments.send-reminders", task="assessments.send_reminders", seconds=24 * HOUR),
    Job(name="assessments.recompute-statuses", task="assessments.recompute_statuses", seconds=24 * HOUR),
    Job(name="assessments.refresh-benchmarks", task="assessments.refresh_benchmarks", seconds=HOUR),
]
