"""`carecyber advisories import FILE...`: advisory files into drafts, one summary line per file.

The format of each file is told from its content (KEV catalogue, CVE JSON 5,
CSAF 2.0, STIX 2.1). A refused file leaves nothing behind; the command exits
with status 1 when any file was refused.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from carecyber.alerts.services.imports import advisories_import
from carecyber.core.actor import Actor


class Command(BaseCommand):
    help = "Import advisory files (CISA KEV, CVE JSON 5, CSAF 2.0, STIX 2.1) as draft advisories."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="Import files as draft advisories")
        importing.add_argument("files", nargs="+", type=Path, help="JSON files to import")
        importing.add_argument("--no-progress", action="store_true", help="Do not show a progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "import":
            raise CommandError("Unknown action")
        actor = Actor.system("carecyber advisories import")
        refused = 0
        for path in options["files"]:
            if not path.is_file():
                self.stdout.write(f"{path}: refused – no such file")
                refused += 1
                continue
            data = path.read_bytes()
            bar = tqdm(
                desc=path.name,
                unit=" advisories",
                disable=options["no_progress"] or not sys.stderr.isatty(),
                leave=False,
            )
            try:
                (outcome,) = advisories_import(actor=actor, files=[(str(path), data)], progress=bar.update)
            finally:
                bar.close()
            self.stdout.write(outcome.line())
            for warning in outcome.warnings[:20]:
                self.stdout.write(f"  warning: {warning}")
            if len(outcome.warnings) > 20:
                self.stdout.write(f"  … and {len(outcome.warnings) - 20} more warnings")
            refused += not outcome.ok
        if refused:
            self.stderr.write(f"{refused} file{'s' if refused != 1 else ''} refused")
            sys.exit(1)
