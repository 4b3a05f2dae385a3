"""Scheduled jobs of Broadcast (run by Celery beat, or `carecyber scheduler` in the embedded default)."""

from carecyber.core.extensions import Job

JOBS: list[Job] = [
    Job(name="alerts.remind-and-escalate", task="alerts.remind_and_escalate", seconds=15 * 60),
    Job(name="alerts.fan-out-sweep", task="alerts.fan_out_sweep", seconds=60),
]
