"""`carecyber password check`: one password per line in, one JSON line out. `build-list` rebuilds the shipped list."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from carecyber.accounts.password_lists import breached_passwords
from carecyber.accounts.passwords import assess_password
from carecyber.accounts.passwords.build_list import OUTPUT, build, source_passwords
from carecyber.accounts.passwords.policy import warm_up
from carecyber.accounts.validators import MIN_LENGTH_SINGLE_FACTOR


class Command(BaseCommand):
    help = "Check passwords (one per line on standard input) or rebuild the breached-password list."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="read passwords from standard input, print one JSON line each")
        check.add_argument(
            "--words",
            default="",
            help="words people who know you might try (name, pet, team…), separated by commas or spaces",
        )
        check.add_argument("--min-length", type=int, default=MIN_LENGTH_SINGLE_FACTOR)
        sub.add_parser("build-list", help=f"rebuild {OUTPUT.name} from the lists inside installed packages")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "build-list":
            count = build(source_passwords())
            self.stdout.write(f"wrote {count:,} entries ({count * 8:,} bytes) to {OUTPUT}")
            return
        if options["min_length"] < 1:
            raise CommandError("--min-length must be at least 1")
        words = [w for w in options["words"].replace(",", " ").split() if w]
        breached = breached_passwords()
        warm_up()
        out = sys.stdout
        for line in sys.stdin:
            password = line.removesuffix("\n").removesuffix("\r")
            result = assess_password(
                password, personal_words=words, min_length=options["min_length"], breached=breached
            )
            row = {
                "score": result.score,
                "guesses_log10": result.guesses_log10,
                "breached": result.breached,
                "personal_words": result.personal_words,
                "acceptable": result.acceptable,
                "advice": result.advice,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
