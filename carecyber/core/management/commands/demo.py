"""`carecyber demo --scale small|national`: demo people to sign in as, or national-scale data for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp

from carecyber.core.models import Organisation


class Command(BaseCommand):
    help = "Load demo data: --scale small (named people for every role) or --scale national (50,000 organisations)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "national"], default="small")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when organisations already exist")
        parser.add_argument("--organisations", type=int, default=50_000, help="national scale: organisations")
        parser.add_argument("--memberships", type=int, default=1_500_000, help="national scale: staff memberships")
        parser.add_argument("--logins", action="store_true", help="Only print the small demo's logins and codes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins"]:
            self._print_logins()
            return
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("The database already has organisations: demo data not loaded again.")
            self._print_logins()
            return
        if options["scale"] == "small":
            from carecyber.core.demo.small import load_small_demo

            if Organisation.objects.filter(code="RNF").exists():
                raise CommandError("The small demo is already loaded.")
            load_small_demo()
            self.stdout.write(self.style.SUCCESS("Loaded the small demo."))
            self._print_logins()
            return
        from carecyber.core.demo.national import load_national_demo

        if options["organisations"] < 1 or options["memberships"] < options["organisations"]:
            raise CommandError("--memberships must be at least --organisations, and both positive")
        started = time.monotonic()
        summary = load_national_demo(
            organisations=options["organisations"], memberships=options["memberships"], progress=True
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {summary.organisations:,} organisations, {summary.partners} support partners, "
                f"{summary.people:,} people and {summary.memberships:,} memberships "
                f"in {time.monotonic() - started:.0f} s."
            )
        )

    def _print_logins(self) -> None:
        from carecyber.core.demo.small import DEMO_PASSWORD, PEOPLE, totp_base32, totp_key_for

        self.stdout.write(f"\nDemo people (all use the password: {DEMO_PASSWORD})\n")
        for person in PEOPLE:
            needs_code = any(role != "staff" for role, _ in person.memberships)
            line = f"  {person.email:42} {person.description}"
            if needs_code and settings.DEMO_MODE:
                key = totp_key_for(person.email)
                code = f"{totp(bytes.fromhex(key)):06d}"
                line += f"\n  {'':42} two-factor secret {totp_base32(key)} (code now: {code})"
            self.stdout.write(line)
        self.stdout.write("\nTwo-factor codes change every 30 seconds: `carecyber demo --logins` prints fresh ones.\n")
