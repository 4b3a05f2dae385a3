"""Scheduled jobs of this app (run by Celery beat, or `carecyber scheduler` in the embedded default)."""

from carecyber.core.extensions import Job

JOBS: list[Job] = [
    # Once a day: reminders 30 and 7 days (configurable) before training falls due. Idempotent: safe to run again.
    Job(name="training.send-due-reminders", task="training.send_due_reminders", seconds=24 * 3600),
    # Every organisation's compliance in one statement, for the national roll-up (organisation pages are live).
    Job(name="training.refresh-compliance", task="training.refresh_compliance", seconds=600),
]
