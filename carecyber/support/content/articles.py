"""Guidance articles as files: `<slug>.md` with a YAML header, checked before anything is stored."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carecyber.support.content.frontmatter import ContentError, require, split
from carecyber.support.content.render import to_html, to_text

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("getting_started", "standard", "basics")
TITLE_MAX = 120
SUMMARY_MAX = 300
HEADER_FIELDS = frozenset(
    {"slug", "title", "summary", "kind", "standard", "version", "reviewed", "review_due", "related_standards", "order"}
)


@dataclass(frozen=True)
class ArticleSource:
    slug: str
    title: str
    summary: str
    kind: str
    standard: int | None
    order: int
    version: int
    reviewed_on: date
    review_due: date
    related_standards: tuple[int, ...]
    body_markdown: str
    body_html: str
    body_text: str

    @property
    def content_hash(self) -> str:
        """What the reader sees, hashed: a change here needs a new version number."""
        parts = [self.title, self.summary, self.body_markdown]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def parse_article(text: str, *, name: str) -> ArticleSource:
    doc = split(text, name=name)
    meta = doc.meta
    slug = require(meta, "slug", str, name=name)
    if not SLUG_RE.match(slug):
        raise ContentError(f"{name}: the slug {slug!r} must be lower-case words joined by hyphens")
    stem = Path(name).stem
    if stem != slug:
        raise ContentError(f"{name}: the slug {slug!r} must match the file name ({stem}.md)")
    title = require(meta, "title", str, name=name).strip()
    summary = require(meta, "summary", str, name=name).strip()
    if not title or len(title) > TITLE_MAX:
        raise ContentError(f"{name}: the title must have 1 to {TITLE_MAX} characters")
    if not summary or len(summary) > SUMMARY_MAX:
        raise ContentError(f"{name}: the summary must have 1 to {SUMMARY_MAX} characters")
    kind = require(meta, "kind", str, name=name)
    if kind not in KINDS:
        raise ContentError(f"{name}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    standard = meta.get("standard")
    if kind == "standard":
        if not isinstance(standard, int) or isinstance(standard, bool) or not 1 <= standard <= 10:
            raise ContentError(f"{name}: a standard article needs 'standard' set to a number from 1 to 10")
    elif standard is not None:
        raise ContentError(f"{name}: only articles of kind 'standard' have a 'standard' number")
    version = require(meta, "version", int, name=name)
    if version < 1:
        raise ContentError(f"{name}: version must be 1 or more")
    reviewed_on = require(meta, "reviewed", date, name=name)
    review_due = require(meta, "review_due", date, name=name)
    if review_due <= reviewed_on:
        raise ContentError(f"{name}: review_due ({review_due}) must be after reviewed ({reviewed_on})")
    related = meta.get("related_standards", []) or []
    if not isinstance(related, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 10 for n in related
    ):
        raise ContentError(f"{name}: related_standards must be a list of standard numbers from 1 to 10")
    order = meta.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        raise ContentError(f"{name}: order must be a whole number")
    unknown = set(meta) - HEADER_FIELDS
    if unknown:
        raise ContentError(f"{name}: unknown header field(s): {', '.join(sorted(unknown))}")
    body = doc.body
    if not body.strip():
        raise ContentError(f"{name}: the article has no text")
    return ArticleSource(
        slug=slug,
        title=title,
        summary=summary,
        kind=kind,
        standard=standard if kind == "standard" else None,
        order=order,
        version=version,
        reviewed_on=reviewed_on,
        review_due=review_due,
        related_standards=tuple(sorted(set(related))),
        body_markdown=body,
        body_html=to_html(body),
        body_text=to_text(body),
    )


def read_articles(folder: Path) -> list[ArticleSource]:
    """Every `*.md` in the folder, parsed; all problems reported together, so one run shows them all."""
    articles: list[ArticleSource] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.md")):
        try:
            articles.append(parse_article(path.read_text(encoding="utf-8"), name=path.name))
        except ContentError as exc:
            problems.append(str(exc))
    if problems:
        raise ContentError("\n".join(problems))
    return articles
