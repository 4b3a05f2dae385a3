"""Scheduled jobs of this app (run by Celery beat, or `carecyber scheduler` in the embedded default)."""

from carecyber.core.extensions import Job

JOBS: list[Job] = [
    # Exercise emails go out staggered across their window: a small chunk every minute.
    Job(name="awareness.send-exercise-emails", task="awareness.send_exercise_emails", seconds=60),
    # Reminders a few days before each campaign week; hourly so a new week planned today is not missed.
    Job(name="awareness.send-campaign-reminders", task="awareness.send_campaign_reminders", seconds=3600),
]
