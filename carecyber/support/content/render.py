"""Markdown to HTML that is safe to put in a page, and to plain text for search and reading-age checks.

Even though we write the content ourselves, its HTML goes through nh3 with a
short list of allowed tags: a slip in a content file can never become script
on a page.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "br", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"https", "http", "mailto"}
_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"[ \t]+")
_BLANKS_RE = re.compile(r"\n{3,}")


def to_html(source: str) -> str:
    """Sanitised HTML. Headings start at h2: the page's own title is the h1."""
    raw = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    raw = re.sub(r"<(/?)h1>", r"<\1h2>", raw)
    cleaned = nh3.clean(
        raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener"
    )
    return _nhsuk_classes(cleaned)


def _nhsuk_classes(fragment: str) -> str:
    """Give lists the design system's classes (added after sanitising, so they are ours, not the content's)."""
    fragment = fragment.replace("<ul>", '<ul class="nhsuk-list nhsuk-list--bullet">')
    return fragment.replace("<ol>", '<ol class="nhsuk-list nhsuk-list--number">')


def to_text(source: str) -> str:
    """Plain text of the rendered content: what a reader reads, without Markdown marks."""
    rendered = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    rendered = re.sub(r"</(p|h\d|li|blockquote)>", ".\n", rendered)
    text = html.unescape(_TAG_RE.sub(" ", rendered))
    text = re.sub(r"([.!?:;])\s*\.(\n)", r"\1\2", text)
    lines = [_SPACE_RE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS_RE.sub("\n\n", "\n".join(line for line in lines if line)).strip()
