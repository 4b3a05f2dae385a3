"""Write a filled policy as a PDF (fpdf2), with its version and review date on every page.

A Unicode TrueType font is used when the machine has one (names like Łukasz
or Zoë print as typed); without one, the built-in Helvetica is used and
characters outside Latin-1 are replaced with their nearest plain form.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import UTC, datetime, time
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from carecyber.support.policydocs.document import FilledPolicy, plain_text
from carecyber.support.policydocs.template import Heading, Line, ListBlock, Paragraph, Table

# fontTools logs every glyph of every font subset at INFO: far too much for a server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_CANDIDATES: tuple[tuple[Path, Path], ...] = (
    (
        Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
        Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ),
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
)
LINE = 5.6
_PLAIN = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-", "…": "...", "\u00a0": " "}
# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN.update({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Œ": "OE", "œ": "oe", "ŀ": "l"})


@cache
def unicode_font() -> tuple[Path, Path] | None:
    for regular, bold in FONT_CANDIDATES:
        if regular.exists() and bold.exists():
            return regular, bold
    return None


def latin1(text: str) -> str:
    """Text the built-in fonts can print: typographic marks made plain, accents kept where Latin-1 has them."""
    out = []
    for char in text:
        char = _PLAIN.get(char, char)
        if len(char) == 1 and ord(char) > 0xFF:
            decomposed = unicodedata.normalize("NFKD", char)
            char = "".join(c for c in decomposed if ord(c) <= 0xFF and not unicodedata.combining(c)) or "?"
        out.append(char)
    return "".join(out)


class _PolicyPDF(FPDF):
    def __init__(self, policy: FilledPolicy, *, font_paths: tuple[Path, Path] | None) -> None:
        super().__init__(format="A4")
        self.policy = policy
        self.unicode = font_paths is not None
        if font_paths is not None:
            self.add_font("body", "", str(font_paths[0]))
            self.add_font("body", "B", str(font_paths[1]))
            self.body_font = "body"
        else:
            self.body_font = "helvetica"
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(auto=True, margin=20)
        self.alias_nb_pages()

    def plain(self, value: str) -> str:
        """Text this document's font can print."""
        return value if self.unicode else latin1(value)

    def header(self) -> None:
        self.set_font(self.body_font, "", 8)
        self.set_text_color(0x4C, 0x62, 0x72)
        self.cell(0, 5, self.plain(f"{self.policy.organisation_name} – {self.policy.title}"))
        self.ln(10)
        self.set_text_color(0x21, 0x2B, 0x32)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.body_font, "", 8)
        self.set_text_color(0x4C, 0x62, 0x72)
        self.cell(0, 5, self.plain(f"{self.policy.footer} Page {self.page_no()} of {{nb}}"))
        self.set_text_color(0x21, 0x2B, 0x32)

    def spans(self, line: Line, size: float = 11) -> None:
        for span in line:
            self.set_font(self.body_font, "B" if span.bold else "", size)
            self.write(LINE, self.plain(span.text))
        self.set_font(self.body_font, "", size)


def write_pdf(
    policy: FilledPolicy, *, font_paths: tuple[Path, Path] | None = None, use_system_font: bool = True
) -> bytes:
    paths = font_paths or (unicode_font() if use_system_font else None)
    pdf = _PolicyPDF(policy, font_paths=paths)
    pdf.set_title(pdf.plain(policy.title))
    pdf.set_author(pdf.plain(policy.organisation_name))
    pdf.set_subject(pdf.plain(policy.footer))
    pdf.set_keywords(f"version {policy.version}; review by {policy.review_by.isoformat()}")
    pdf.set_creator("CareCyber")
    pdf.set_creation_date(datetime.combine(policy.issued_on, time(9, 0), tzinfo=UTC))
    pdf.add_page()

    pdf.set_font(pdf.body_font, "B", 20)
    pdf.multi_cell(0, 9, pdf.plain(policy.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.body_font, "B", 11)
    pdf.multi_cell(0, LINE, pdf.plain(policy.organisation_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.body_font, "", 10)
    pdf.multi_cell(0, LINE, pdf.plain(policy.footer), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    left = pdf.l_margin
    for block in policy.blocks:
        if isinstance(block, Heading):
            pdf.ln(2)
            pdf.set_font(pdf.body_font, "B", 15 if block.level == 2 else 12.5)
            pdf.multi_cell(0, 7, pdf.plain(plain_text(block.text)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            pdf.spans(block.text)
            pdf.ln(LINE + 2.5)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                marker = f"{number}." if block.ordered else pdf.plain("•")
                pdf.set_font(pdf.body_font, "", 11)
                pdf.set_x(left + 1)
                pdf.cell(6, LINE, marker)
                pdf.set_left_margin(left + 7)
                pdf.spans(item)
                pdf.set_left_margin(left)
                pdf.ln(LINE + 1.2)
            pdf.ln(1.5)
        elif isinstance(block, Table):
            pdf.set_font(pdf.body_font, "", 10)
            with pdf.table(first_row_as_headings=True, line_height=LINE, padding=1.5) as table:
                table_row = table.row()
                for cell in block.header:
                    table_row.cell(pdf.plain(plain_text(cell)))
                for row in block.rows:
                    table_row = table.row()
                    for cell in row:
                        table_row.cell(pdf.plain(plain_text(cell)))
            pdf.ln(3)
    return bytes(pdf.output())
