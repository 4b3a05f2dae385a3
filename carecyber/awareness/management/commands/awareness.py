"""`carecyber awareness …`: make a campaign pack without the web app, and run the awareness jobs by hand.

    carecyber awareness pack --name "Alder Hospitals" --colour "#005EB8" --report-to spam@alder.nhs.uk \\
        --themes phishing,passwords --out pack.zip [--helpdesk "0161 496 0123"] [--logo logo.svg] [--variant 2]
    carecyber awareness send-exercise-emails     # send the exercise emails that are due now
    carecyber awareness send-reminders           # remind leads of campaign weeks starting soon
    carecyber awareness record-report --token T  # record that an exercise email was reported
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from carecyber.awareness.engine.colour import ColourError
from carecyber.awareness.engine.content import Brand, load_themes
from carecyber.awareness.engine.formats import FORMATS
from carecyber.awareness.engine.logo import LogoError, sanitise_logo
from carecyber.awareness.engine.pack import build_pack, check_fit, resolve_themes
from carecyber.awareness.engine.text import TextDoesNotFit


class Command(BaseCommand):
    help = "Keep I.T. Confidential: make a campaign pack, or run the awareness jobs now."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        pack = sub.add_parser("pack", help="Render a campaign pack to a ZIP file (no database needed)")
        pack.add_argument("--name", required=True, help="The organisation's name, as it should appear")
        pack.add_argument("--colour", required=True, help="The main colour, like #005EB8")
        pack.add_argument("--report-to", required=True, help="Where staff report suspicious emails")
        pack.add_argument("--helpdesk", default="", help="The IT helpdesk phone number")
        pack.add_argument("--themes", default="phishing", help=f"Comma-separated: {', '.join(load_themes())}, or all")
        pack.add_argument("--variant", type=int, default=1, choices=[1, 2, 3], help="Which version of the wording")
        pack.add_argument("--logo", type=Path, help="A PNG or SVG logo")
        pack.add_argument("--out", type=Path, required=True, help="Where to write the ZIP")
        sub.add_parser("send-exercise-emails", help="Send the phishing exercise emails that are due now")
        sub.add_parser("send-reminders", help="Email security leads about campaign weeks starting soon")
        report = sub.add_parser("record-report", help="Record that a simulated email was reported")
        report.add_argument("--token", required=True, help="The X-CareCyber-Exercise header of the reported email")
        report.add_argument("--at", help="When it was reported (ISO 8601; default now)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "pack":
            self._pack(options)
        elif action == "send-exercise-emails":
            from carecyber.awareness.services import exercise_send_due

            self.stdout.write(f"{exercise_send_due()} exercise emails sent")
        elif action == "send-reminders":
            from carecyber.awareness.services import campaign_reminders_send

            self.stdout.write(f"{campaign_reminders_send()} reminders sent")
        elif action == "record-report":
            from carecyber.awareness.services import exercise_record_report

            at = datetime.fromisoformat(options["at"]) if options["at"] else timezone.now()
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
            if not exercise_record_report(token=options["token"], reported_at=at, source="command"):
                raise CommandError("No exercise email has that token")
            self.stdout.write("Report recorded")

    def _pack(self, options: dict[str, Any]) -> None:
        keys = (
            list(load_themes())
            if options["themes"] == "all"
            else [t.strip() for t in options["themes"].split(",") if t.strip()]
        )
        try:
            themes = resolve_themes(keys)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        logo = None
        if options["logo"]:
            try:
                logo = sanitise_logo(options["logo"].read_bytes())
            except OSError as exc:
                raise CommandError(f"Cannot read the logo: {exc.strerror}") from None
            except LogoError as exc:
                raise CommandError(f"Logo refused: {exc}") from None
        try:
            brand = Brand.create(
                name=options["name"],
                colour=options["colour"],
                report_to=options["report_to"],
                helpdesk=options["helpdesk"],
                logo_png=logo,
            )
        except ColourError as exc:
            raise CommandError(str(exc)) from None
        if brand.colour.adjusted:
            self.stderr.write(f"Note: {brand.colour.explanation()}")
        problems = check_fit(brand, themes)
        if problems:
            raise CommandError("The words cannot fit every format:\n- " + "\n- ".join(problems[:5]))
        started = time.perf_counter()
        with tqdm(
            total=len(themes) * (len(FORMATS) + 1),
            unit="item",
            desc="Making the pack",
            disable=options["verbosity"] == 0,
        ) as bar:
            try:
                pack = build_pack(
                    brand, [t.key for t in themes], variant=options["variant"] - 1, on_step=lambda _: bar.update()
                )
            except TextDoesNotFit as exc:
                raise CommandError(str(exc)) from None
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pack.zip_bytes)
        images = sum(1 for f in pack.files if f.media_type == "image/png")
        self.stdout.write(
            f"Wrote {out} ({len(pack.zip_bytes) / 1e6:.1f} MB): {images} images, {len(themes)} posters and copy "
            f"for {', '.join(t.name for t in themes)}, in {time.perf_counter() - started:.1f} s"
        )
