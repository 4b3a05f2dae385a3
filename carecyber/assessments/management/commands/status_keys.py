"""`carecyber status_keys create|list|retire`: the keys that sign the status API's answers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecyber.assessments.conf import signing_keys_dir
from carecyber.assessments.signing import create_key, retire_key, signing_keys


class Command(BaseCommand):
    help = "Create, list and retire the status signing keys (their public halves are at /.well-known/jwks.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("create", help="Make a new key: it signs from now on; older keys stay published")
        sub.add_parser("list", help="List the keys, newest last (the newest signs)")
        retire = sub.add_parser("retire", help="Stop publishing a key (after relying systems have refreshed)")
        retire.add_argument("kid")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            key = create_key()
            self.stdout.write(f"Created {key.kid} in {signing_keys_dir()}: it signs from now on")
        elif options["action"] == "list":
            keys = signing_keys()
            for i, key in enumerate(keys):
                self.stdout.write(f"{key.kid}  created {key.created}{'  (signs)' if i == len(keys) - 1 else ''}")
        else:
            try:
                found = retire_key(options["kid"])
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            if not found:
                raise CommandError(f"No key {options['kid']} in {signing_keys_dir()}")
            self.stdout.write(f"Retired {options['kid']}")
