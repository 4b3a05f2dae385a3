"""`carecyber triage FILE...`: one JSON line per file with the engine's verdict, score, reasons and indicators.

A file that cannot be opened gives a line with an "error" and the command exits non-zero at the end.
Indicators are printed defanged unless --raw-indicators is given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecyber.phishing.engine import TriageSettings, triage


class Command(BaseCommand):
    help = "Triage email files (.eml, raw RFC 5322) and print one JSON line per file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--organisation-domain",
            action="append",
            default=[],
            help="Your organisation's own domain (repeatable): lookalikes of it are flagged too",
        )
        parser.add_argument("--raw-indicators", action="store_true", help="Print indicators as found, not defanged")

    def handle(self, *args: Any, **options: Any) -> None:
        settings = TriageSettings.default()
        if options["organisation_domain"]:
            settings = TriageSettings(organisation_domains=tuple(d.lower() for d in options["organisation_domain"]))
        failed = 0
        for name in options["files"]:
            try:
                raw = Path(name).read_bytes()
            except OSError as exc:
                failed += 1
                line: dict[str, object] = {"file": name, "error": f"Could not open this file: {exc.strerror or exc}"}
            else:
                line = triage(raw, settings).as_json_line(name, defanged=not options["raw_indicators"])
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} of {len(options['files'])} files could not be read")
