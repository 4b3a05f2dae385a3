"""The pure policy engine: answers checked, templates checked at load, filled safely, written as Word and PDF."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from carecyber.support.policydocs.answers import ANSWER_FIELDS, clean_answers
from carecyber.support.policydocs.document import add_months, fill
from carecyber.support.policydocs.docx_writer import write_docx
from carecyber.support.policydocs.html_writer import write_html
from carecyber.support.policydocs.pdf_writer import latin1, unicode_font, write_pdf
from carecyber.support.policydocs.template import (
    Heading,
    ListBlock,
    Paragraph,
    Span,
    Table,
    TemplateError,
    parse_template,
    read_templates,
)
from carecyber.support.services.policies import POLICY_DIR

ANSWERS = {
    "organisation_name": "Rosewood Care Home",
    "address": "12 Elm Road\nNorthfield\nNF1 2AB",
    "siro_name": "Grace Adeyemi, Registered Manager",
    "dpo_name": "Łukasz Nowak, dpo@rosewood.test",
    "caldicott_guardian": "Zoë Clarke",
    "it_provider": "Brightpath IT Ltd",
    "helpdesk_contact": "0161 496 0000",
    "backup_arrangements": "The care app company backs up care records every night.",
}
HEADER = """---
slug: sample
title: Sample policy
summary: A sample.
version: 2
review_months: 12
evidences: ["1.1.1"]
---
"""


def _template(body: str) -> object:
    return parse_template(HEADER + body, name="sample.md")


def test_good_answers_are_cleaned_and_accepted() -> None:
    cleaned, errors = clean_answers({**ANSWERS, "siro_name": "  Grace   Adeyemi \n", "address": "12 Elm Road\r\n NF1"})
    assert errors == {}
    assert cleaned["siro_name"] == "Grace   Adeyemi"
    assert cleaned["address"] == "12 Elm Road\nNF1"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siro_name", "<script>alert(1)</script>", "remove the < and > signs"),
        ("dpo_name", "Raj <b>Patel</b>", "remove the < and > signs"),
        ("it_provider", "x" * 201, "must be 200 characters or fewer (it has 201)"),
        ("backup_arrangements", "y" * 1001, "must be 1000 characters or fewer"),
        ("address", "\n".join(["line"] * 7), "must fit on 6 lines or fewer"),
        ("caldicott_guardian", "Zoë {{ siro_name }}", "remove the double braces"),
        ("helpdesk_contact", "0161\x00496", "hidden control characters"),
        ("helpdesk_contact", "0161\u202e496", "hidden control characters"),
        ("organisation_name", "   ", "Enter your organisation's name"),
        ("dpo_name", None, "Enter the name of your data protection officer"),
        ("dpo_name", 42, "enter text"),
    ],
)
def test_bad_answers_are_refused_with_a_message_that_says_what_to_do(field: str, value: object, message: str) -> None:
    _, errors = clean_answers({**ANSWERS, field: value})
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_unknown_answers_are_refused_by_name() -> None:
    _, errors = clean_answers({**ANSWERS, "ceo_name": "X"})
    assert errors == {
        "__all__": [f"Unknown answer: ceo_name. The answers are: {', '.join(f.name for f in ANSWER_FIELDS)}"]
    }


def test_an_unknown_placeholder_is_refused_at_load_naming_it_and_its_line() -> None:
    with pytest.raises(TemplateError) as exc:
        _template("## Who\n\nOwner: {{ siro_nme }}.\n")
    message = str(exc.value)
    assert message.startswith("sample.md line 11: unknown placeholder {{ siro_nme }}")
    assert "siro_name" in message  # and says what it could have been


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Owner: {{ siro_name.\n", "a '{{' or '}}' without its partner"),
        ("# Title again\n", "use '## ' or '### ' for headings"),
        ("| a | b |\n| --- | --- |\n| 1 |\n", "same number of cells"),
        ("", "has no text"),
    ],
)
def test_malformed_templates_are_refused(body: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        _template(body)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('evidences: ["1.1.1"]', "evidences: []"), "evidences must list the toolkit items"),
        (('evidences: ["1.1.1"]', 'evidences: ["standard one"]'), "evidences must list the toolkit items"),
        (("review_months: 12", "review_months: 0"), "review_months from 1 to 36"),
        (("title: Sample policy", "title: Policy of {{ organisation_name }}"), "title cannot hold placeholders"),
        (("version: 2", "version: 2\nowner: me"), "unknown header field"),
    ],
)
def test_bad_template_headers_are_refused(change: tuple[str, str], message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_template(HEADER.replace(*change) + "Text.\n", name="sample.md")


def test_the_body_is_parsed_into_blocks() -> None:
    template = _template(
        "## Who\n\nOwner is **{{ siro_name }}**.\n\n- one\n- two\n  continued\n\n1. first\n2. second\n\n"
        "| Item | Detail |\n| --- | --- |\n| Version | {{ policy_version }} |\n"
    )
    blocks = template.blocks  # type: ignore[attr-defined]
    assert isinstance(blocks[0], Heading) and blocks[0].level == 2
    assert blocks[1] == Paragraph((Span("Owner is "), Span("{{ siro_name }}", bold=True), Span(".")))
    assert isinstance(blocks[2], ListBlock) and not blocks[2].ordered and len(blocks[2].items) == 2
    assert blocks[2].items[1] == (Span("two continued"),)
    assert isinstance(blocks[3], ListBlock) and blocks[3].ordered
    assert isinstance(blocks[4], Table) and len(blocks[4].rows) == 1
    assert template.placeholders == {"siro_name", "policy_version"}  # type: ignore[attr-defined]


def test_answers_are_only_ever_text_never_structure() -> None:
    template = _template("Contact {{ helpdesk_contact }}.\n")
    filled = fill(
        template,
        {**ANSWERS, "helpdesk_contact": "**call** - {{ dpo_name }}"},
        version=1,  # type: ignore[arg-type]
        issued_on=date(2026, 11, 23),
    )
    assert filled.blocks == (Paragraph((Span("Contact **call** - {{ dpo_name }}."),)),)


def test_the_review_date_follows_the_templates_months() -> None:
    filled = fill(_template("Text.\n"), ANSWERS, version=3, issued_on=date(2026, 1, 31))  # type: ignore[arg-type]
    assert filled.review_by == date(2027, 1, 31)
    assert filled.footer == "Version 3. Issued 31 January 2026. Review by 31 January 2027."
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 15), 14) == date(2029, 2, 15)


def test_every_shipped_template_loads_and_there_are_the_ten_we_promise() -> None:
    slugs = [t.slug for t in read_templates(POLICY_DIR)]
    assert slugs == [
        "data-security-protection",
        "acceptable-use",
        "incident-reporting",
        "business-continuity",
        "access-control",
        "passwords-authentication",
        "mobile-devices-remote-working",
        "records-management-retention",
        "supplier-assurance",
        "staff-confidentiality-agreement",
    ]


@pytest.fixture(scope="module")
def continuity() -> object:
    template = next(t for t in read_templates(POLICY_DIR) if t.slug == "business-continuity")
    return fill(template, ANSWERS, version=4, issued_on=date(2026, 11, 23))


def test_the_word_document_carries_the_answers_version_and_review_date(continuity: object) -> None:
    document = Document(BytesIO(write_docx(continuity)))  # type: ignore[arg-type]
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert document.paragraphs[0].text == "Business continuity and disaster recovery plan"
    assert "Rosewood Care Home keeps people safe" in text
    assert "The care app company backs up care records every night." in text
    assert "Łukasz Nowak, dpo@rosewood.test" in cells and "12 Elm Road\nNorthfield\nNF1 2AB" in cells
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Version 4. Issued 23 November 2026. Review by 23 November 2027.")
    assert document.sections[0].header.paragraphs[0].text.startswith("Rosewood Care Home")
    assert document.core_properties.revision == 4
    assert "{{" not in text + cells


def test_the_pdf_carries_the_answers_version_and_review_date(continuity: object) -> None:
    reader = PdfReader(BytesIO(write_pdf(continuity)))  # type: ignore[arg-type]
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reader.metadata is not None and reader.metadata.title == "Business continuity and disaster recovery plan"
    assert "Rosewood Care Home keeps people safe" in text.replace("\n", " ")
    assert "Version 4. Issued 23 November 2026. Review by 23 November 2027." in text
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in text
    assert "{{" not in text


@pytest.mark.skipif(unicode_font() is None, reason="no Unicode TrueType font on this machine")
def test_names_outside_latin_1_print_as_typed_with_a_unicode_font(continuity: object) -> None:
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(write_pdf(continuity))).pages)  # type: ignore[arg-type]
    assert "Łukasz Nowak" in text


def test_without_a_unicode_font_the_pdf_still_renders_in_plain_form(continuity: object) -> None:
    text = "".join(
        p.extract_text()
        for p in PdfReader(BytesIO(write_pdf(continuity, use_system_font=False))).pages  # type: ignore[arg-type]
    )
    assert "Lukasz Nowak" in text and "Łukasz" not in text
    assert latin1("“Quote” – Łódź…") == '"Quote" - Lódz...'


def test_the_html_preview_escapes_every_answer() -> None:
    template = _template("Owner: **{{ siro_name }}**\n")
    filled = fill(template, {**ANSWERS, "siro_name": "A & B <i>"}, version=1, issued_on=date(2026, 1, 1))  # type: ignore[arg-type]
    assert str(write_html(filled)) == "<p>Owner: <strong>A &amp; B &lt;i&gt;</strong></p>"


def test_a_template_folder_reports_every_bad_file_together(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(HEADER.replace("sample", "one") + "{{ nope }}\n", encoding="utf-8")
    (tmp_path / "two.md").write_text("no header\n", encoding="utf-8")
    with pytest.raises(TemplateError) as exc:
        read_templates(tmp_path)
    assert "one.md line 9: unknown placeholder {{ nope }}" in str(exc.value)
    assert "two.md: the file must start" in str(exc.value)
