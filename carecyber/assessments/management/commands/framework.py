"""`carecyber framework import|export|list`: frameworks as data files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecyber.assessments.engine.frameworks import FrameworkFileError
from carecyber.assessments.models import Framework
from carecyber.assessments.services.frameworks import (
    framework_export,
    framework_import,
    read_framework_file,
    shipped_framework_files,
)
from carecyber.core.actor import Actor


class Command(BaseCommand):
    help = "Import, export and list frameworks (CareCyber's YAML format, or an OSCAL catalog in JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Check a file and load it; a file with mistakes is refused whole")
        imp.add_argument("paths", nargs="*", type=Path, help="Framework files (none with --shipped)")
        imp.add_argument("--shipped", action="store_true", help="Load the frameworks that come with CareCyber")
        imp.add_argument("--oscal", action="store_true", help="The file is an OSCAL catalog (JSON)")
        imp.add_argument("--slug", default="", help="Short name for an OSCAL catalog, like nist-800-53")
        imp.add_argument("--version", dest="fw_version", default=None, help="Version for an OSCAL catalog")
        imp.add_argument("--not-current", action="store_true", help="Load it without offering it for new assessments")
        exp = sub.add_parser("export", help="Write a framework back to a file in CareCyber's format")
        exp.add_argument("slug")
        exp.add_argument("version", nargs="?", help="Default: the current version")
        exp.add_argument("-o", "--output", type=Path, help="File to write (default: standard output)")
        sub.add_parser("list", help="List the loaded frameworks")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "export":
            self._export(options)
        else:
            for f in Framework.objects.order_by("slug", "-version"):
                current = " (current)" if f.is_current else ""
                items = f.items.count()
                self.stdout.write(f"{f.slug} {f.version}{current}: {f.title} – {items} items, sha256 {f.sha256[:12]}")

    def _import(self, options: dict[str, Any]) -> None:
        paths: list[Path] = list(options["paths"])
        if options["shipped"]:
            paths += shipped_framework_files()
        if not paths:
            raise CommandError("Name a framework file, or use --shipped")
        if options["oscal"] and not options["slug"]:
            raise CommandError("An OSCAL catalog needs --slug (a short name like nist-800-53)")
        actor = Actor.system("framework import command")
        failed = False
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.stderr.write(f"{path}: cannot read it ({exc})")
                failed = True
                continue
            try:
                spec = read_framework_file(
                    text, oscal=options["oscal"], slug=options["slug"], version=options["fw_version"]
                )
                result = framework_import(actor=actor, spec=spec, make_current=not options["not_current"])
            except FrameworkFileError as exc:
                self.stderr.write(
                    f"{path}: {len(exc.errors)} mistake{'s' if len(exc.errors) != 1 else ''}, nothing loaded"
                )
                for line in exc.errors:
                    self.stderr.write(f"  {line}")
                failed = True
                continue
            except ValidationError as exc:
                self.stderr.write(f"{path}: " + " ".join(exc.messages))
                failed = True
                continue
            f = result.framework
            verb = "loaded" if result.created else "already loaded (same content)"
            self.stdout.write(f"{path}: {f.slug} {f.version} {verb}, {f.items.count()} items")
        if failed:
            raise CommandError("Some files were not loaded (see above)")

    def _export(self, options: dict[str, Any]) -> None:
        qs = Framework.objects.filter(slug=options["slug"])
        framework = (
            qs.filter(version=options["version"]).first() if options["version"] else qs.filter(is_current=True).first()
        )
        if framework is None:
            raise CommandError(f"No framework {options['slug']} {options['version'] or '(current)'}")
        text = framework_export(framework)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {framework.slug} {framework.version} to {options['output']}")
        else:
            sys.stdout.write(text)
