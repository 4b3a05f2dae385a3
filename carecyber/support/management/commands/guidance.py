"""`carecyber guidance load|check`: bring the guidance library in line with its Markdown files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecyber.core.actor import Actor
from carecyber.support.content.frontmatter import ContentError
from carecyber.support.services.guidance import GUIDANCE_DIR, guidance_load


class Command(BaseCommand):
    help = "Load the guidance articles from Markdown files (load), or only check them (check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "check"])
        parser.add_argument("--folder", type=Path, default=GUIDANCE_DIR, help="Where the .md files are")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        try:
            report = guidance_load(
                actor=Actor.system("carecyber guidance"), folder=folder, dry_run=options["action"] == "check"
            )
        except ContentError as exc:
            raise CommandError(f"nothing was loaded:\n{exc}") from None
        verb = "would change" if options["action"] == "check" else "loaded"
        self.stdout.write(f"guidance {verb}: {report.summary()}")
        for name in ("created", "updated", "reviewed", "withdrawn"):
            for slug in getattr(report, name):
                self.stdout.write(f"  {name}: {slug}")
