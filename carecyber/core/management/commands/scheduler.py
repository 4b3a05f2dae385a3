"""`carecyber scheduler`: run the scheduled jobs in this process (the embedded default has no Celery beat)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from carecyber.config.celery import app
from carecyber.core.extensions import Job, scheduled_jobs


def run_due(jobs: list[Job], last_run: dict[str, float], now: float) -> list[str]:
    """Run every job whose period has passed since it last ran; returns the names run."""
    ran = []
    for job in jobs:
        if now - last_run.get(job.name, float("-inf")) >= job.seconds:
            app.tasks[job.task].apply(kwargs=job.kwargs)
            last_run[job.name] = now
            ran.append(job.name)
    return ran


class Command(BaseCommand):
    help = "Run scheduled jobs in this process, for the embedded default (production uses `carecyber worker --beat`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and stop")
        parser.add_argument("--tick", type=int, default=30, help="Seconds between checks")

    def handle(self, *args: Any, **options: Any) -> None:
        app.loader.import_default_modules()
        jobs = scheduled_jobs()
        last_run: dict[str, float] = {}
        while True:
            for name in run_due(jobs, last_run, time.monotonic()):
                self.stdout.write(f"scheduler: ran {name}")
            if options["once"]:
                return
            time.sleep(options["tick"])
