"""Write a filled policy as a Word document (python-docx), with its version and review date on every page."""

from __future__ import annotations

from datetime import UTC, datetime, time
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from carecyber.support.policydocs.document import FilledPolicy, plain_text
from carecyber.support.policydocs.template import Heading, Line, ListBlock, Paragraph, Table

GREY = RGBColor(0x4C, 0x62, 0x72)


def _runs(paragraph: DocxParagraph, line: Line) -> None:
    for span in line:
        parts = span.text.split("\n")  # multi-line answers (an address) keep their line breaks
        for i, part in enumerate(parts):
            run = paragraph.add_run(part)
            run.bold = span.bold or None
            if i < len(parts) - 1:
                run.add_break()


def _page_number(paragraph: DocxParagraph) -> None:
    """A PAGE field, which Word fills in with the page number."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _small_grey(paragraph: DocxParagraph) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(9)
        run.font.color.rgb = GREY


def write_docx(policy: FilledPolicy) -> bytes:
    document: DocxDocument = Document()
    props = document.core_properties
    props.title = policy.title
    props.subject = policy.organisation_name
    props.author = policy.organisation_name
    props.comments = policy.footer
    props.keywords = f"version {policy.version}; review by {policy.review_by.isoformat()}"
    props.revision = policy.version
    props.created = datetime.combine(policy.issued_on, time(9, 0), tzinfo=UTC)
    props.modified = props.created
    props.last_modified_by = "CareCyber"

    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    header = section.header.paragraphs[0]
    header.add_run(f"{policy.organisation_name} – {policy.title}")
    _small_grey(header)
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{policy.footer} Page ")
    _page_number(footer)
    _small_grey(footer)

    document.add_heading(policy.title, level=1)
    byline = document.add_paragraph()
    byline.add_run(policy.organisation_name).bold = True
    byline.add_run("\n" + policy.footer).font.color.rgb = GREY

    for block in policy.blocks:
        if isinstance(block, Heading):
            document.add_heading(plain_text(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            _runs(document.add_paragraph(), block.text)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                if block.ordered:
                    # Numbers written out, so each list starts at 1 (Word's list styles carry on across lists).
                    paragraph = document.add_paragraph()
                    paragraph.paragraph_format.left_indent = Cm(0.8)
                    paragraph.paragraph_format.first_line_indent = Cm(-0.6)
                    paragraph.add_run(f"{number}.\t")
                else:
                    paragraph = document.add_paragraph(style="List Bullet")
                _runs(paragraph, item)
        elif isinstance(block, Table):
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            for col, cell_line in enumerate(block.header):
                cell = table.rows[0].cells[col]
                cell.paragraphs[0].add_run(plain_text(cell_line)).bold = True
            for r, row in enumerate(block.rows, start=1):
                for col, cell_line in enumerate(row):
                    _runs(table.rows[r].cells[col].paragraphs[0], cell_line)
            document.add_paragraph()
    out = BytesIO()
    document.save(out)
    return out.getvalue()
