"""A whole campaign pack as one ZIP: every image, the poster, the copy, alt text and a read-me.

The ZIP is deterministic (fixed timestamps, sorted entries): the same branding,
themes and variant always give the same bytes, which is what makes caching by
branding version safe.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from PIL import Image

from carecyber.awareness.engine.content import Brand, Theme, copy_for, load_themes
from carecyber.awareness.engine.copy import copy_set
from carecyber.awareness.engine.formats import FORMATS, KIND_FOLDERS, Format
from carecyber.awareness.engine.logo import open_logo
from carecyber.awareness.engine.poster import poster_pdf
from carecyber.awareness.engine.render import layout, render
from carecyber.awareness.engine.text import TextDoesNotFit

ENGINE_VERSION = "2"  # bump when the look of the materials changes, so cached packs are rebuilt
PREVIEW_WIDTH = 480
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackFile:
    path: str
    theme: str
    kind: str  # screensaver, banner, social, poster, newsletter, bulletin, intranet
    media_type: str
    size: int
    width: int = 0
    height: int = 0
    alt: str = ""
    label: str = ""


@dataclass
class Pack:
    zip_bytes: bytes
    files: list[PackFile]
    previews: dict[str, bytes]  # path of an image → a small PNG of it
    notes: list[str] = field(default_factory=list)
    copy_text: dict[str, dict[str, str]] = field(default_factory=dict)  # theme → name → text

    def manifest(self) -> list[dict[str, object]]:
        return [asdict(f) for f in self.files]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "organisation"


def _entry(zf: zipfile.ZipFile, path: str, data: bytes, *, compress: bool) -> None:
    info = zipfile.ZipInfo(path, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def _preview(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH * 4), Image.Resampling.BILINEAR, reducing_gap=2.0)
    out = io.BytesIO()
    small.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def resolve_themes(keys: Sequence[str]) -> list[Theme]:
    library = load_themes()
    unknown = [k for k in keys if k not in library]
    if unknown:
        raise ValueError(f"Unknown theme {', '.join(unknown)}: choose from {', '.join(library)}")
    if not keys:
        raise ValueError("Choose at least one theme")
    return [library[k] for k in dict.fromkeys(keys)]


def check_fit(brand: Brand, themes: Sequence[Theme] | None = None) -> list[str]:
    """Every problem fitting this branding's words into every format, without drawing anything."""
    logo = open_logo(brand.logo_png)
    problems: list[str] = []
    for theme in themes or list(load_themes().values()):
        for variant in range(len(theme.variants)):
            copy = copy_for(theme, variant, brand)
            for fmt in FORMATS:
                try:
                    layout(fmt, brand, copy, logo)
                except TextDoesNotFit as exc:
                    if str(exc) not in problems:
                        problems.append(str(exc))
    return problems


def build_pack(
    brand: Brand,
    theme_keys: Sequence[str],
    *,
    variant: int = 0,
    formats: Sequence[Format] = FORMATS,
    on_step: Callable[[str], None] | None = None,
) -> Pack:
    """Render everything. Raises TextDoesNotFit (with a message for the lead) when words cannot fit."""
    themes = resolve_themes(theme_keys)
    logo = open_logo(brand.logo_png)
    root = f"{slug(brand.name)}-keep-it-confidential"
    files: list[PackFile] = []
    previews: dict[str, bytes] = {}
    notes: list[str] = []
    if brand.colour.adjusted:
        notes.append(brand.colour.explanation())
    copy_text: dict[str, dict[str, str]] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for theme in themes:
            copy = copy_for(theme, variant, brand)
            for fmt in formats:
                rendered = render(fmt, brand, copy, logo)
                data = rendered.png()
                name = f"{theme.key}-{fmt.kind.value}-{fmt.width}x{fmt.height}.png"
                path = f"{root}/{theme.key}/{KIND_FOLDERS[fmt.kind]}/{name}"
                _entry(zf, path, data, compress=False)
                previews[path] = _preview(rendered.image)
                files.append(
                    PackFile(
                        path,
                        theme.key,
                        fmt.kind.value,
                        "image/png",
                        len(data),
                        fmt.width,
                        fmt.height,
                        rendered.alt,
                        fmt.label,
                    )
                )
                if on_step:
                    on_step(f"{theme.name}: {fmt.label}")
            pdf = poster_pdf(copy, brand)
            path = f"{root}/{theme.key}/{theme.key}-poster-a4.pdf"
            _entry(zf, path, pdf, compress=False)
            files.append(PackFile(path, theme.key, "poster", "application/pdf", len(pdf), label="A4 poster (PDF)"))
            texts = copy_set(copy, brand)
            copy_text[theme.key] = {
                "newsletter_text": texts.newsletter_text,
                "newsletter_html": texts.newsletter_html,
                "bulletin_text": texts.bulletin_text,
                "bulletin_html": texts.bulletin_html,
                "intranet_html": texts.intranet_html,
            }
            for name, kind, media, text, label in (
                ("newsletter.html", "newsletter", "text/html", texts.newsletter_html, "Newsletter article (HTML)"),
                (
                    "newsletter.txt",
                    "newsletter",
                    "text/plain",
                    texts.newsletter_text,
                    "Newsletter article (plain text)",
                ),
                ("bulletin.html", "bulletin", "text/html", texts.bulletin_html, "Staff bulletin item (HTML)"),
                ("bulletin.txt", "bulletin", "text/plain", texts.bulletin_text, "Staff bulletin item (plain text)"),
                ("intranet-snippet.html", "intranet", "text/html", texts.intranet_html, "Intranet page snippet (HTML)"),
            ):
                path = f"{root}/{theme.key}/copy/{theme.key}-{name}"
                raw = text.encode("utf-8")
                _entry(zf, path, raw, compress=True)
                files.append(PackFile(path, theme.key, kind, media, len(raw), label=label))
            if on_step:
                on_step(f"{theme.name}: poster and copy")
        _entry(zf, f"{root}/alt-text.csv", _alt_csv(files), compress=True)
        _entry(zf, f"{root}/manifest.json", json.dumps([asdict(f) for f in files], indent=2).encode(), compress=True)
        _entry(zf, f"{root}/README.txt", _readme(brand, themes, files, notes).encode("utf-8"), compress=True)
    return Pack(buffer.getvalue(), files, previews, notes, copy_text)


def _alt_csv(files: Sequence[PackFile]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["file", "size", "alt text"])
    for f in files:
        if f.media_type == "image/png":
            writer.writerow([f.path.split("/", 1)[1], f"{f.width}x{f.height}", f.alt])
    return out.getvalue().encode("utf-8")


def _readme(brand: Brand, themes: Sequence[Theme], files: Sequence[PackFile], notes: Sequence[str]) -> str:
    lines = [
        f"Keep I.T. Confidential – campaign pack for {brand.name}",
        "",
        "Themes: " + ", ".join(t.name for t in themes),
        f"Report suspicious emails to: {brand.report_to}",
        f"IT helpdesk: {brand.helpdesk or 'not given'}",
        f"Main colour: {brand.colour.used_hex}",
        "",
        "What is inside, for each theme:",
        "- screensavers/  for computer screens (1920×1080, 2560×1440, 3840×2160, 1366×768, 1280×1024)",
        "- banners/       for your intranet and websites (728×90, 300×250, 160×600, 300×600, 320×50)",
        "- social/        for social media (1200×675, 1200×627, 1080×1080, 1080×1920)",
        "- a poster to print on A4 paper (PDF)",
        "- copy/          a newsletter article, a bulletin item and an intranet snippet, in HTML and plain text",
        "",
        "Alt text: every image has a text alternative in alt-text.csv. Use it whenever you put an image",
        "on a web page, intranet or social media post, so that people using screen readers get the message too.",
        "",
        "Little and often works best: one theme at a time, a week or two each, repeated through the year.",
    ]
    if notes:
        lines += ["", "Notes:", *(f"- {n}" for n in notes)]
    lines += [
        "",
        "Fonts: the text is set in Liberation Sans, by Red Hat and Google, under the SIL Open Font License 1.1,",
        "which allows it to be embedded in documents like these.",
        "",
        f"{len(files)} files. Made with CareCyber.",
    ]
    return "\n".join(lines) + "\n"
