"""Links in a message: where each one really goes and what the reader is shown."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .unwrap import unwrap

_ANCHOR = re.compile(r"<a\b([^<>]{0,4000})>(.{0,500}?)</a\s*>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_FORM = re.compile(r"<form\b([^<>]{0,4000})>", re.IGNORECASE)
_ACTION = re.compile(r"""\baction\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,4000}>")
_HIDDEN_BLOCKS = ("script", "style", "head", "title")
_TEXT_URL = re.compile(r"""(?:(?:https?|ftp)://|www\.)[^\s<>"'\])}]{2,2000}""", re.IGNORECASE)
_DOMAIN_IN_TEXT = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9\-]+(?:\.[a-z0-9\-]+)+)(?:[/:?#].*)?$", re.IGNORECASE)
_TRAILING = ".,;:!?)'\""


@dataclass(frozen=True)
class Link:
    url: str  # as written (stripped), never fetched
    host: str  # lowercase, no port or user part; "" for data: and javascript: links
    scheme: str
    path: str
    text: str  # the words shown for it, when it came from an HTML anchor
    from_html: bool
    # The host of the link protection (Safe Links, URL Defense...) that had rewritten it; `url` and `host` are
    # then the real destination inside, which is what every check and indicator looks at.
    wrapper: str = ""


def html_to_text(markup: str) -> str:
    """Visible words of an HTML body (no scripts, styles or comments), for language checks."""
    text = _cut_between(markup, "<!--", "-->")
    lowered = text.lower()
    if any(f"<{name}" in lowered for name in _HIDDEN_BLOCKS):
        for name in _HIDDEN_BLOCKS:
            text = _cut_between(text, f"<{name}", f"</{name}")
    text = _TAG.sub(" ", text)
    return html.unescape(text)


def _cut_between(text: str, start: str, end: str) -> str:
    """Remove every `start ... end` span (case-insensitive) in one linear pass; an unclosed span runs to the end."""
    lowered = text.lower()
    if start not in lowered:
        return text
    kept: list[str] = []
    position = 0
    while True:
        begin = lowered.find(start, position)
        if begin == -1:
            kept.append(text[position:])
            break
        kept.append(text[position:begin])
        finish = lowered.find(end, begin + len(start))
        if finish == -1:
            break
        close = lowered.find(">", finish)
        position = len(text) if close == -1 else close + 1
        kept.append(" ")
    return "".join(kept)


def make_link(raw: str, text: str = "", from_html: bool = False) -> Link | None:
    url = html.unescape(raw).strip().strip("\x00").rstrip(_TRAILING) if raw else ""
    if not url:
        return None
    lowered = url.lower().lstrip()
    compact = re.sub(r"[\s\x00-\x1f]", "", lowered)
    if compact.startswith(("javascript:", "vbscript:")):
        return Link(url[:2000], "", "javascript", "", text, from_html)
    if compact.startswith("data:"):
        return Link(url[:200], "", "data", "", text, from_html)
    if lowered.startswith(("mailto:", "tel:", "sms:", "cid:", "#")):
        return None
    if lowered.startswith("www."):
        url = "http://" + url
    elif lowered.startswith("//"):
        url = "http:" + url
    elif "://" not in lowered[:12]:
        return None
    url, wrapper = unwrap(url)  # returns at once for a link that names no wrapper host
    try:
        parts = urlsplit(url[:4000])
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    return Link(url[:2000], host, parts.scheme.lower(), unquote(parts.path or "")[:500], text, from_html, wrapper)


def domain_shown(text: str) -> str:
    """The domain a link's visible text names, if it looks like a web address (else "").

    Text that shows a link-protection address (a forwarded email's text often does) names the address inside
    it, so that the wrapper is never compared with where the link goes."""
    candidate = text.strip().strip("<>[]()").strip()
    if "://" in candidate:
        candidate = unwrap(candidate)[0]
    if not candidate or " " in candidate or len(candidate) > 300 or "@" in candidate:
        return ""
    match = _DOMAIN_IN_TEXT.match(candidate)
    if not match:
        return ""
    domain = match.group(1).lower().rstrip(".")
    tld = domain.rsplit(".", 1)[-1]
    return domain if tld.isalpha() and len(tld) >= 2 else ""


def extract_links(
    html_parts: list[str], visible_texts: list[str], text_parts: list[str], limit: int
) -> tuple[list[Link], list[str]]:
    """Links from anchors and from bare addresses in text, plus form targets (a form in an email is odd)."""
    links: list[Link] = []
    forms: list[str] = []
    seen: set[tuple[str, str]] = set()

    def add(link: Link | None) -> None:
        if link is None or len(links) >= limit:
            return
        key = (link.url, link.text)
        if key not in seen:
            seen.add(key)
            links.append(link)

    for markup in html_parts:
        for match in _ANCHOR.finditer(markup):
            href = _HREF.search(match.group(1))
            if href:
                raw = href.group(1) or href.group(2) or href.group(3) or ""
                shown = " ".join(html.unescape(_TAG.sub(" ", match.group(2))).split())
                add(make_link(raw, shown, from_html=True))
            if len(links) >= limit:
                break
        for match in _FORM.finditer(markup):
            action = _ACTION.search(match.group(1))
            forms.append((action.group(1) or action.group(2) or action.group(3) or "") if action else "")
    for text in [*visible_texts, *text_parts]:
        for found in _TEXT_URL.finditer(text):
            add(make_link(found.group(0)))
            if len(links) >= limit:
                break
    return links, forms
