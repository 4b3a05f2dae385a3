"""A certificate of completion as a one-page PDF: name, course, date, expiry and a code anyone can check."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf import FPDF

# Debian's DejaVu fonts cover every name we are likely to print; without them, the PDF's built-in
# fonts are used and letters outside Latin-1 fall back to their closest plain form.
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
UNICODE_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_code() -> str:
    """CC-XXXX-XXXX-XXXX: 60 random bits, grouped so it is easy to read out and type."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"CC-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(value: str) -> str:
    cleaned = "".join(c for c in value.upper() if c.isalnum())
    cleaned = cleaned.removeprefix("CC")
    return f"CC-{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:12]}" if len(cleaned) == 12 else ""


@dataclass(frozen=True)
class CertificateData:
    name: str
    course: str
    organisation: str
    completed_on: date
    valid_until: date
    code: str
    verify_url: str


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _latin(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")
    return "".join(c for c in plain if not unicodedata.combining(c))


def render(data: CertificateData) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Certificate: {data.course}")
    pdf.set_author("CareCyber")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    unicode_fonts = UNICODE_FONT.exists() and UNICODE_BOLD.exists()
    if unicode_fonts:
        pdf.add_font("Body", "", str(UNICODE_FONT))
        pdf.add_font("Body", "B", str(UNICODE_BOLD))
    family = "Body" if unicode_fonts else "Helvetica"

    def text(value: str) -> str:
        return value if unicode_fonts else _latin(value)

    pdf.set_draw_color(0, 94, 184)
    pdf.set_line_width(2)
    pdf.rect(12, 12, 273, 186)
    pdf.set_text_color(0, 94, 184)
    pdf.set_font(family, "B", 14)
    pdf.set_xy(20, 24)
    pdf.cell(257, 10, "CareCyber", align="C")
    pdf.set_text_color(33, 43, 50)
    pdf.set_font(family, "B", 30)
    pdf.set_xy(20, 44)
    pdf.cell(257, 16, "Certificate of completion", align="C")
    pdf.set_font(family, "", 15)
    pdf.set_xy(20, 70)
    pdf.cell(257, 10, "This is to confirm that", align="C")
    pdf.set_font(family, "B", 24)
    pdf.set_xy(20, 82)
    pdf.cell(257, 14, text(data.name), align="C")
    pdf.set_font(family, "", 15)
    pdf.set_xy(20, 100)
    pdf.cell(257, 10, "has completed", align="C")
    pdf.set_font(family, "B", 18)
    pdf.set_xy(30, 112)
    pdf.multi_cell(237, 10, text(data.course), align="C")
    pdf.set_font(family, "", 13)
    pdf.set_xy(20, 140)
    where = f" while working at {data.organisation}" if data.organisation else ""
    pdf.cell(257, 8, text(f"on {_day(data.completed_on)}{where}."), align="C")
    pdf.set_xy(20, 150)
    pdf.cell(257, 8, f"Valid until {_day(data.valid_until)}.", align="C")
    pdf.set_font(family, "B", 13)
    pdf.set_xy(20, 170)
    pdf.cell(257, 8, f"Verification code: {data.code}", align="C")
    pdf.set_font(family, "", 11)
    pdf.set_xy(20, 179)
    pdf.cell(257, 7, text(f"Check it at {data.verify_url}"), align="C")
    return bytes(pdf.output())
