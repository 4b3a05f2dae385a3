"""`carecyber policies render|load|check|list`: the policy library without the web app.

    carecyber policies render --template NAME --answers FILE.json --out DIR

fills in one template (or `--template all`) from a JSON file of answers and
writes Word and PDF files; it reads the template files directly and needs no
database. `load` and `check` bring the database's templates in line with
the files (all or nothing), as `migrate` does.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecyber.support.content.frontmatter import ContentError
from carecyber.support.policydocs.answers import ANSWER_FIELDS, clean_answers
from carecyber.support.policydocs.template import read_templates
from carecyber.support.services.policies import POLICY_DIR, render_policy

FORMATS = ("docx", "pdf")


class Command(BaseCommand):
    help = "Render policy templates to Word and PDF from a JSON file of answers, or load and check templates."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        render = sub.add_parser("render", help="Fill in templates from answers and write files")
        render.add_argument("--template", required=True, help="A template name (see `list`), or 'all'")
        render.add_argument("--answers", required=True, type=Path, help="A JSON object of answers")
        render.add_argument("--out", required=True, type=Path, help="The folder to write into (made if missing)")
        render.add_argument("--format", choices=[*FORMATS, "both"], default="both")
        render.add_argument("--version", type=int, default=1, help="The version number to print (default 1)")
        render.add_argument("--issued-on", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
        render.add_argument("--templates", type=Path, default=POLICY_DIR, help="Where the template files are")
        for name in ("load", "check"):
            command = sub.add_parser(name, help=f"{name.title()} the templates into the database")
            command.add_argument("--templates", type=Path, default=POLICY_DIR)
        listing = sub.add_parser("list", help="The templates and the answers they need")
        listing.add_argument("--templates", type=Path, default=POLICY_DIR)

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["templates"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder of templates")
        action = options["action"]
        if action == "render":
            self._render(folder, options)
        elif action == "list":
            self._list(folder)
        else:
            self._load(folder, dry_run=action == "check")

    def _templates(self, folder: Path) -> list[Any]:
        try:
            return read_templates(folder)
        except ContentError as exc:
            raise CommandError(f"the templates cannot be used:\n{exc}") from None

    def _list(self, folder: Path) -> None:
        for template in self._templates(folder):
            self.stdout.write(f"{template.slug:32} v{template.version}  {template.title}")
        self.stdout.write("answers: " + ", ".join(f.name for f in ANSWER_FIELDS))

    def _load(self, folder: Path, *, dry_run: bool) -> None:
        from carecyber.core.actor import Actor
        from carecyber.support.services.policies import policy_templates_load

        try:
            report = policy_templates_load(actor=Actor.system("carecyber policies"), folder=folder, dry_run=dry_run)
        except ContentError as exc:
            raise CommandError(f"nothing was loaded:\n{exc}") from None
        self.stdout.write(f"policy templates {'would change' if dry_run else 'loaded'}: {report.summary()}")

    def _render(self, folder: Path, options: dict[str, Any]) -> None:
        answers_file: Path = options["answers"]
        try:
            raw = json.loads(answers_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"{answers_file}: no such file") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{answers_file}: not valid JSON ({exc})") from None
        if not isinstance(raw, dict):
            raise CommandError(f"{answers_file}: must hold one JSON object of answers")
        answers, errors = clean_answers(raw)
        if errors:
            lines = [f"  {name}: {message}" for name, messages in errors.items() for message in messages]
            raise CommandError(f"{answers_file}: the answers need fixing, nothing was written:\n" + "\n".join(lines))
        templates = self._templates(folder)
        wanted = options["template"]
        if wanted != "all":
            templates = [t for t in templates if t.slug == wanted]
            if not templates:
                names = ", ".join(t.slug for t in self._templates(folder))
                raise CommandError(f"no template named {wanted!r}. Choose one of: {names}, or all")
        if options["version"] < 1:
            raise CommandError("--version must be 1 or more")
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        formats = FORMATS if options["format"] == "both" else (options["format"],)
        issued_on = options["issued_on"] or date.today()
        started = time.perf_counter()
        from tqdm import tqdm

        for template in tqdm(templates, desc="policies", unit="policy", disable=len(templates) < 2):
            rendered = render_policy(template, answers, version=options["version"], issued_on=issued_on)
            for fmt in formats:
                path = out / f"{rendered.filled.file_stem()}.{fmt}"
                path.write_bytes(rendered.docx if fmt == "docx" else rendered.pdf)
                self.stdout.write(f"wrote {path}")
        self.stdout.write(
            f"{len(templates)} {'policy' if len(templates) == 1 else 'policies'} in "
            f"{time.perf_counter() - started:.2f} s"
        )
