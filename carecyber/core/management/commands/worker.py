"""`carecyber worker`: a Celery worker for the configured broker (a thin wrapper)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Start a background worker (needs CELERY_BROKER_URL). --beat also runs the scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--beat", action="store_true", help="Also run scheduled tasks (run one of these only)")
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument("--hostname", default="", help="Worker name, e.g. worker1@%%h")
        parser.add_argument("--queues", default="", help="Comma-separated queues to consume (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CELERY_BROKER_URL:
            raise CommandError("CELERY_BROKER_URL is not set: without a broker, tasks already run in-process.")
        from carecyber.config.celery import app

        argv = ["worker", f"--loglevel={options['loglevel']}", f"--concurrency={options['concurrency']}"]
        if options["beat"]:
            argv.append("--beat")
        if options["hostname"]:
            argv.append(f"--hostname={options['hostname']}")
        if options["queues"]:
            argv.append(f"--queues={options['queues']}")
        app.worker_main(argv)
