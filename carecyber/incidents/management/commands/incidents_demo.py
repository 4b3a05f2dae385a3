"""`carecyber incidents_demo`: demo incidents for the small demo, or hundreds of thousands for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecyber.incidents.models import Incident


class Command(BaseCommand):
    help = (
        "Load demo incidents: --scale small (a few cases at the small demo's organisations, through the real "
        "services) or --scale national --count N (generated, graded and bulk-loaded across every organisation)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "national"], default="small")
        parser.add_argument("--count", type=int, default=500_000, help="national scale: how many incidents to add")
        parser.add_argument(
            "--shared", type=float, default=0.8, help="national scale: share shared with the national team"
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when incidents already exist")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Incident.objects.exists():
            self.stdout.write("The database already has incidents: none added.")
            return
        if options["scale"] == "small":
            from carecyber.core.models import Organisation
            from carecyber.incidents.demo.load import load_small_incidents

            if not Organisation.objects.filter(code="RNF").exists():
                raise CommandError("Load the small demo first: carecyber demo --scale small")
            made = load_small_incidents()
            self.stdout.write(self.style.SUCCESS(f"Added {len(made)} demo incidents."))
            return
        if options["count"] < 1 or not 0 <= options["shared"] <= 1:
            raise CommandError("--count must be positive and --shared between 0 and 1")
        from carecyber.incidents.demo.load import load_national_incidents

        started = time.monotonic()
        try:
            added = load_national_incidents(count=options["count"], shared=options["shared"], progress=True)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Added {added:,} incidents in {time.monotonic() - started:.0f} s."))
