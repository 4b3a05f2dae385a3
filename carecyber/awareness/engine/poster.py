"""An A4 poster as a PDF (fpdf2), with real text in the shipped font so it prints sharply and can be read aloud."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from fpdf import FPDF
from PIL import Image, ImageDraw

from carecyber.awareness.engine.colour import INK, WHITE, tint
from carecyber.awareness.engine.content import Brand, Copy
from carecyber.awareness.engine.icons import draw_icon
from carecyber.awareness.engine.text import FONT_FILES, LINE_SPACING, TextDoesNotFit, Weight, wrap

# fpdf2 subsets fonts with fontTools, which logs every table at INFO; that is noise in our logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

PT = 25.4 / 72  # millimetres per point
A4 = (210.0, 297.0)
MARGIN = 18.0
# A fixed creation date (like the ZIP's timestamps): the same branding gives the same bytes, whenever it is built.
FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)


def _fit(
    pdf: FPDF, text: str, *, bold: bool, width: float, height: float, largest: float, smallest: float
) -> tuple[float, list[str]]:
    """The largest size in points (down to `smallest`) at which `text` fits width × height millimetres."""
    size = largest
    while size >= smallest:
        pdf.set_font("Liberation", "B" if bold else "", size)
        lines = wrap(text, pdf.get_string_width, width)
        if lines is not None and len(lines) * size * PT * LINE_SPACING <= height:
            return size, lines
        size -= 1
    raise TextDoesNotFit("poster", text, f"“{text[:60]}” is too long to fit on the A4 poster. Shorten it.")


def _lines(
    pdf: FPDF, lines: Sequence[str], *, x: float, y: float, size: float, bold: bool, colour: tuple[int, int, int]
) -> float:
    pdf.set_font("Liberation", "B" if bold else "", size)
    pdf.set_text_color(*colour)
    step = size * PT * LINE_SPACING
    for i, line in enumerate(lines):
        pdf.text(x, y + size * PT * 0.8 + i * step, line)
    return y + len(lines) * step


def _icon_png(name: str, colour: tuple[int, int, int]) -> io.BytesIO:
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, 599, 599), fill=(*tint(colour, 0.12), 255))
    draw_icon(draw, name, (120, 120, 480, 480), WHITE)
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out


def poster_pdf(copy: Copy, brand: Brand) -> bytes:
    colour = brand.colour.used
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("Liberation", "", str(FONT_FILES[Weight.REGULAR]))
    pdf.add_font("Liberation", "B", str(FONT_FILES[Weight.BOLD]))
    pdf.set_title(f"{copy.headline} – {brand.name}")
    pdf.set_author(brand.name)
    pdf.set_subject(f"Keep I.T. Confidential: {copy.theme.name}")
    pdf.set_lang("en-GB")
    pdf.set_creator("CareCyber")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    width = A4[0] - 2 * MARGIN
    top_h = 150.0
    pdf.set_fill_color(*colour)
    pdf.rect(0, 0, A4[0], top_h, style="F")
    icon = 42.0
    pdf.image(_icon_png(copy.theme.icon, colour), x=A4[0] - MARGIN - icon, y=MARGIN, w=icon, h=icon)
    y = MARGIN + icon + 6
    size, lines = _fit(pdf, copy.headline, bold=True, width=width, height=56, largest=48, smallest=22)
    y = _lines(pdf, lines, x=MARGIN, y=y, size=size, bold=True, colour=WHITE) + 5
    size, lines = _fit(pdf, copy.body, bold=False, width=width, height=top_h - y - 8, largest=22, smallest=12)
    _lines(pdf, lines, x=MARGIN, y=y, size=size, bold=False, colour=WHITE)
    # what you can do
    y = top_h + 10
    pdf.set_font("Liberation", "B", 20)
    pdf.set_text_color(*INK)
    pdf.text(MARGIN, y + 7, "What you can do")
    y += 14
    bullet_w = width - 8
    tip_size = 15.0
    for tip in copy.tips:
        pdf.set_font("Liberation", "", tip_size)
        lines = wrap(tip, pdf.get_string_width, bullet_w) or [tip]
        pdf.set_fill_color(*colour)
        pdf.ellipse(MARGIN + 1, y + tip_size * PT * 0.5 - 1.3, 2.6, 2.6, style="F")
        y = _lines(pdf, lines, x=MARGIN + 8, y=y, size=tip_size, bold=False, colour=INK) + 3
    # the action band
    band_y, band_h = 238.0, 24.0
    pdf.set_fill_color(*colour)
    pdf.rect(0, band_y, A4[0], band_h, style="F")
    size, lines = _fit(pdf, copy.action, bold=True, width=width, height=band_h - 6, largest=20, smallest=10)
    block = len(lines) * size * PT * LINE_SPACING
    _lines(pdf, lines, x=MARGIN, y=band_y + (band_h - block) / 2, size=size, bold=True, colour=WHITE)
    # who it is from
    foot_y = band_y + band_h + 8
    name_x = MARGIN
    if brand.logo_png:
        with Image.open(io.BytesIO(brand.logo_png)) as logo:
            ratio = logo.width / logo.height
        logo_h = 20.0
        logo_w = min(logo_h * ratio, 60.0)
        logo_h = logo_w / ratio
        pdf.image(io.BytesIO(brand.logo_png), x=MARGIN, y=foot_y + (20 - logo_h) / 2, w=logo_w, h=logo_h)
        name_x = MARGIN + logo_w + 6
    size, lines = _fit(pdf, brand.name, bold=True, width=A4[0] - MARGIN - name_x, height=20, largest=16, smallest=8)
    block = len(lines) * size * PT * LINE_SPACING
    _lines(pdf, lines, x=name_x, y=foot_y + (20 - block) / 2, size=size, bold=True, colour=INK)
    return bytes(pdf.output())
