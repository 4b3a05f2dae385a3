"""`carecyber training …`: load course content, import and export completions, and make bulk demo data."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from carecyber.core.actor import Actor
from carecyber.core.models import Organisation
from carecyber.training import services
from carecyber.training.content import shipped_courses
from carecyber.training.engine.content import ContentError, load_course


class Command(BaseCommand):
    help = "Training: import course content, import or export completions, bulk demo completions."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="load course folders (default: every course shipped with CareCyber)")
        load.add_argument("folders", nargs="*", type=Path)
        completions = sub.add_parser("import-completions", help="import a CSV of completions for one organisation")
        completions.add_argument("csv", type=Path)
        completions.add_argument("--organisation", required=True, help="organisation code, like RX1")
        export = sub.add_parser("export-xapi", help="print an organisation's completions as xAPI statements (JSON)")
        export.add_argument("--organisation", required=True)
        demo = sub.add_parser("demo-completions", help="bulk core-course completions for demo or benchmark data")
        demo.add_argument("--share", type=float, default=0.9, help="share of people with a completion (SQLite)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.system(f"carecyber training {options['action']}")
        action = options["action"]
        try:
            if action == "import":
                folders = options["folders"] or shipped_courses()
                self._check_folders(folders)
                # All or nothing: a later folder refused (say, an older version) keeps the earlier ones out too.
                with transaction.atomic():
                    outcomes = [
                        services.course_import(actor=actor, folder=folder)
                        for folder in tqdm(folders, desc="courses", unit=" course", disable=len(folders) < 2)
                    ]
                for outcome in outcomes:
                    self.stdout.write(f"{outcome.course.slug}: {outcome.outcome} (version {outcome.course.version})")
            elif action == "import-completions":
                organisation = self._organisation(options["organisation"])
                result = services.completions_import(
                    actor=actor, organisation=organisation, data=options["csv"].read_bytes()
                )
                self.stdout.write(f"imported {result.created:,}; already recorded {result.already_recorded:,}")
            elif action == "export-xapi":
                from carecyber.training.queries import completions_of
                from carecyber.training.views.compliance import xapi_statements

                organisation = self._organisation(options["organisation"])
                found = completions_of(actor, organisation).iterator(chunk_size=2000)
                sys.stdout.write("[")
                for n, item in enumerate(xapi_statements(found)):
                    sys.stdout.write(("," if n else "") + "\n" + json.dumps(item))
                sys.stdout.write("\n]\n")
            elif action == "demo-completions":
                added = services.demo_completions(share=options["share"])
                self.stdout.write(f"added {added:,} completions of the core course")
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        except OSError as exc:
            raise CommandError(str(exc)) from None

    def _check_folders(self, folders: list[Path]) -> None:
        """Every problem in every folder, named with its folder, before anything is loaded."""
        problems: list[str] = []
        for folder in folders:
            try:
                load_course(folder)
            except ContentError as exc:
                problems += [f"{folder.name}/{problem}" for problem in exc.problems]
        if problems:
            raise CommandError("Nothing was imported. Fix these first:\n" + "\n".join(problems))

    def _organisation(self, code: str) -> Organisation:
        found = Organisation.objects.filter(code=code.strip().upper()).first()
        if found is None:
            raise CommandError(f"There is no organisation with the code {code}")
        return found
