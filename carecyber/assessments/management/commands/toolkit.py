"""`carecyber toolkit recompute|expire|reminders|benchmarks`: the scheduled jobs, run by hand."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from carecyber.assessments.services.benchmarks import benchmarks_refresh
from carecyber.assessments.services.reminders import reminder_chunks, reminders_send_chunk
from carecyber.assessments.services.status import statuses_expire, statuses_recompute


class Command(BaseCommand):
    help = "Run the toolkit's scheduled jobs now (they also run by themselves; see docs/assessments.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["recompute", "expire", "reminders", "benchmarks"])
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="Act as if today were this date")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"]
        started = time.perf_counter()
        job = options["job"]
        if job == "recompute":
            report = statuses_recompute(today=today, progress=True)
            self.stdout.write(
                f"{report.assessments_refreshed:,} assessments recounted, {report.organisations:,} organisations, "
                f"{report.statuses_changed:,} statuses changed"
            )
        elif job == "expire":
            self.stdout.write(f"{len(statuses_expire(today=today)):,} statuses changed")
        elif job == "reminders":
            sent = 0
            for first, last in tqdm(reminder_chunks(), desc="reminders", unit=" chunks"):
                sent += reminders_send_chunk(first_id=first, last_id=last, today=today)
            self.stdout.write(f"{sent:,} reminder emails sent")
        else:
            bench = benchmarks_refresh(today=today)
            self.stdout.write(
                f"{bench.groups:,} peer groups: {bench.standard_rows:,} standard rows, {bench.item_rows:,} item rows"
            )
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")
