"""Policy templates as files: a YAML header and a small Markdown-like body with {{ placeholders }}.

The body is parsed into blocks (headings, paragraphs, lists, tables) before
any answer is put in, so an answer can never add a heading, a list or bold
text: it is always just text. A placeholder the platform does not know is
refused when the template is loaded, naming it and its line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from carecyber.support.content.frontmatter import ContentError, require, split
from carecyber.support.policydocs.answers import KNOWN_PLACEHOLDERS

PLACEHOLDER_RE = re.compile(r"\{\{(.*?)\}\}")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REFERENCE_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}$")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
_NUMBERED_RE = re.compile(r"^\d{1,2}\.\s+")
HEADER_FIELDS = frozenset({"slug", "title", "summary", "version", "review_months", "evidences", "order"})


class TemplateError(ContentError):
    """A template that cannot be loaded; the message names the file, the line and what is wrong."""


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 2 or 3: the document title is level 1
    text: Line


@dataclass(frozen=True)
class Paragraph:
    text: Line


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[Line, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[Line, ...]
    rows: tuple[tuple[Line, ...], ...]


Block = Heading | Paragraph | ListBlock | Table


@dataclass(frozen=True)
class PolicyTemplate:
    slug: str
    title: str
    summary: str
    version: int
    review_months: int
    evidences: tuple[str, ...]
    order: int
    blocks: tuple[Block, ...]
    source: str
    placeholders: frozenset[str]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(f"{self.title}\x1f{self.summary}\x1f{self.source}".encode()).hexdigest()


def _spans(text: str) -> Line:
    spans: list[Span] = []
    position = 0
    for match in _BOLD_RE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        spans.append(Span(match.group(1), bold=True))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return tuple(spans)


def _check_placeholders(line: str, *, name: str, number: int) -> set[str]:
    found: set[str] = set()
    for match in PLACEHOLDER_RE.finditer(line):
        placeholder = match.group(1).strip()
        if placeholder not in KNOWN_PLACEHOLDERS:
            raise TemplateError(
                f"{name} line {number}: unknown placeholder {{{{ {placeholder} }}}}. "
                f"Use one of: {', '.join(sorted(KNOWN_PLACEHOLDERS))}"
            )
        found.add(placeholder)
    leftover = PLACEHOLDER_RE.sub("", line)
    if "{{" in leftover or "}}" in leftover:
        raise TemplateError(f"{name} line {number}: a '{{{{' or '}}}}' without its partner")
    return found


def _table_row(line: str) -> tuple[Line, ...]:
    return tuple(_spans(cell.strip()) for cell in line.strip().strip("|").split("|"))


def parse_body(body: str, *, name: str, first_line: int) -> tuple[tuple[Block, ...], frozenset[str]]:
    blocks: list[Block] = []
    placeholders: set[str] = set()
    paragraph: list[str] = []
    items: list[str] = []
    ordered = False
    table: list[str] = []

    def flush() -> None:
        nonlocal paragraph, items, table
        if paragraph:
            blocks.append(Paragraph(_spans(" ".join(paragraph))))
            paragraph = []
        if items:
            blocks.append(ListBlock(ordered, tuple(_spans(i) for i in items)))
            items = []
        if table:
            rows = [_table_row(r) for r in table if not re.fullmatch(r"\|?[\s:|-]+\|?", r.strip())]
            widths = {len(r) for r in rows}
            if len(widths) != 1:
                raise TemplateError(f"{name}: a table's rows must all have the same number of cells")
            blocks.append(Table(rows[0], tuple(rows[1:])))
            table = []

    for offset, raw in enumerate(body.split("\n")):
        number = first_line + offset
        line = raw.rstrip()
        placeholders |= _check_placeholders(line, name=name, number=number)
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            if level not in (2, 3):
                raise TemplateError(
                    f"{name} line {number}: use '## ' or '### ' for headings (the title is the header's)"
                )
            blocks.append(Heading(level, _spans(stripped[level:].strip())))
        elif stripped.startswith("|"):
            if paragraph or items:
                flush()
            table.append(stripped)
        elif stripped.startswith(("- ", "* ")) or _NUMBERED_RE.match(stripped):
            is_numbered = bool(_NUMBERED_RE.match(stripped))
            if paragraph or table or (items and is_numbered != ordered):
                flush()
            ordered = is_numbered
            items.append(_NUMBERED_RE.sub("", stripped, count=1) if is_numbered else stripped[2:].strip())
        elif items and raw.startswith("  "):
            items[-1] = f"{items[-1]} {stripped}"  # an item's continuation line
        else:
            if items or table:
                flush()
            paragraph.append(stripped)
    flush()
    return tuple(blocks), frozenset(placeholders)


def parse_template(text: str, *, name: str) -> PolicyTemplate:
    doc = split(text, name=name)
    meta = doc.meta
    unknown = set(meta) - HEADER_FIELDS
    if unknown:
        raise TemplateError(f"{name}: unknown header field(s): {', '.join(sorted(unknown))}")
    slug = require(meta, "slug", str, name=name)
    if not SLUG_RE.match(slug) or Path(name).stem != slug:
        raise TemplateError(f"{name}: the slug must be lower-case words joined by hyphens, matching the file name")
    title = require(meta, "title", str, name=name).strip()
    summary = require(meta, "summary", str, name=name).strip()
    version = require(meta, "version", int, name=name)
    review_months = require(meta, "review_months", int, name=name)
    if version < 1 or not 1 <= review_months <= 36:
        raise TemplateError(f"{name}: version must be 1 or more and review_months from 1 to 36")
    evidences = require(meta, "evidences", list, name=name)
    if not evidences or not all(isinstance(r, str) and REFERENCE_RE.match(r) for r in evidences):
        raise TemplateError(f"{name}: evidences must list the toolkit items it evidences, like '1.1.1'")
    for field_name, value in (("title", title), ("summary", summary)):
        if PLACEHOLDER_RE.search(value):
            raise TemplateError(f"{name}: the {field_name} cannot hold placeholders")
    blocks, placeholders = parse_body(doc.body, name=name, first_line=doc.body_first_line)
    if not blocks:
        raise TemplateError(f"{name}: the template has no text")
    order = meta.get("order", 100)
    return PolicyTemplate(
        slug=slug,
        title=title,
        summary=summary,
        version=version,
        review_months=review_months,
        evidences=tuple(evidences),
        order=order if isinstance(order, int) else 100,
        blocks=blocks,
        source=doc.body,
        placeholders=placeholders,
    )


def read_templates(folder: Path) -> list[PolicyTemplate]:
    templates: list[PolicyTemplate] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.md")):
        try:
            templates.append(parse_template(path.read_text(encoding="utf-8"), name=path.name))
        except ContentError as exc:
            problems.append(str(exc))
    if problems:
        raise TemplateError("\n".join(problems))
    return sorted(templates, key=lambda t: (t.order, t.title))
