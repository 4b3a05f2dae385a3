"""Scheduled jobs of the core."""

from carecyber.core.extensions import Job

JOBS: list[Job] = [
    Job(name="core.clear-expired-sessions", task="core.clear_expired_sessions", seconds=6 * 3600),
]
