"""Markdown written by the national team (or imported) as sanitised HTML: never the page's own markup."""

from __future__ import annotations

import html

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "code", "pre", "a", "h3", "h4", "blockquote", "br"}


def render(text: str) -> str:
    """HTML safe to place in a page: only simple formatting and http(s)/mailto links survive."""
    rendered = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    # Headings in remediation text sit under the page's own h2s.
    for tag in ("h1", "h2"):
        rendered = rendered.replace(f"<{tag}>", "<h3>").replace(f"</{tag}>", "</h3>")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def plain(text: str) -> str:
    """Markdown as plain text for emails and feeds (no markup at all)."""
    return html.unescape(nh3.clean(markdown_lib.markdown(text or ""), tags=set())).strip()
