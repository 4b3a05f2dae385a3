"""Scheduled jobs of this app (run by Celery beat, or `carecyber scheduler` in the embedded default)."""

from carecyber.core.extensions import Job

HOUR = 3600

JOBS: list[Job] = [
    Job(name="support.ticket-due-warnings", task="support.ticket_due_warnings", seconds=15 * 60),
    Job(name="support.event-reminders", task="support.event_reminders", seconds=15 * 60),
    Job(name="support.coverage-apply", task="support.coverage_apply", seconds=24 * HOUR),
    Job(name="support.policy-review-reminders", task="support.policy_review_reminders", seconds=24 * HOUR),
]
