"""Show a reported email to an analyst without letting it act: sanitised, nothing remote, no live links.

The HTML part goes through nh3 with a short list of formatting tags and no
attributes but `href` (and table spans). Images, styles, scripts, forms and
event handlers never survive, so nothing is fetched from a remote host and no
CSS `url()` can call home. Every link becomes plain text: the words the sender
chose, then the real target defanged in brackets (`hxxps://evil[.]example/`),
so the analyst sees where it goes and cannot click it. A link the recipient's
link protection had rewritten (Safe Links, URL Defense) shows the address inside
it, followed by the wrapper's name, so the analyst knows why the raw HTML differs.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markupsafe import Markup, escape

from carecyber.phishing.engine import TriageSettings, defang, unwrap
from carecyber.phishing.engine.context import matcher_for
from carecyber.phishing.engine.domains import ADDRESS_PATTERN, has_public_suffix, owns

MAX_HTML_CHARS = 400_000  # a reported message's HTML beyond this is cut before cleaning

_TAGS = {
    "p",
    "br",
    "div",
    "span",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "small",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "pre",
    "code",
    "hr",
    "a",
}
_ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
# Every scheme is let through the cleaner because no link stays a link: `javascript:` and `data:`
# targets are shown as defanged text like any other, which is what an analyst needs to see.
_SCHEMES = {"http", "https", "mailto", "ftp", "tel", "javascript", "data", "vbscript", "file", "cid"}
_PLACEHOLDER = "cc-link-"
_ANCHOR = re.compile(r'<a href="' + _PLACEHOLDER + r'(\d+)">|<a>|</a>')


def defanged_target(href: str) -> str:
    """A link target safe to show as text: defanged, whitespace folded, long targets shortened."""
    value = " ".join(href.split())
    if len(value) > 300:
        value = value[:299] + "…"
    return defang(value)


def unwrapped_target(href: str) -> str:
    """`defanged_target` of where a link really goes, naming the link protection that had rewritten it."""
    real, wrapper = unwrap(href.strip())
    return _naming_wrapper(defanged_target(real), wrapper) if wrapper else defanged_target(href)


def _naming_wrapper(shown: str, wrapper: str) -> str:
    """The real address as shown, then which link protection had rewritten it (one wording for HTML and text)."""
    return f"{shown} (rewritten by link protection: {defang(wrapper)})"


def sanitise_html(html: str) -> Markup:
    """The message's HTML, cleaned and with every link turned into text (see the module docstring)."""
    targets: list[str] = []

    def keep_target(element: str, attribute: str, value: str) -> str | None:
        if element == "a" and attribute == "href":
            targets.append(value)
            return f"{_PLACEHOLDER}{len(targets) - 1}"
        if attribute in {"colspan", "rowspan"}:
            return value if value.isdigit() and len(value) < 3 else None
        return None

    cleaned = nh3.clean(
        html[:MAX_HTML_CHARS],
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=keep_target,
    )
    # nh3 writes anchors back in one form only (`<a href="...">` or `<a>`), and HTML parsing never nests them.
    open_target: list[str | None] = []

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "</a>":
            target = open_target.pop() if open_target else None
            if target is None:
                return "</span>"
            return f'</span> <span class="cc-mail__href">[{escape(unwrapped_target(target))}]</span>'
        index = match.group(1)
        open_target.append(targets[int(index)] if index is not None and int(index) < len(targets) else None)
        return '<span class="cc-mail__link">'

    return Markup(_ANCHOR.sub(replace, cleaned))  # cleaned by nh3 above; our spans carry escaped text


_URL_IN_TEXT = re.compile(r"\b(?:https?|ftp)://[^\s<>\"']+|\bwww\.[^\s<>\"']+", re.IGNORECASE)


def defang_text(text: str) -> str:
    """The plain-text body with every web address in it defanged (the rest is left alone; templates escape it)."""
    return _URL_IN_TEXT.sub(lambda m: _defanged_text_url(m.group(0)), text)


def defang_note(text: str) -> str:
    """An engine note (which may name the sender of a forwarded email) with its web and email addresses defanged."""
    return ADDRESS_PATTERN.sub(lambda m: defang(m.group(0)), defang_text(text))


# A domain name written as plain text ("sent from nhs-pension-update.com"), not part of an address or a URL.
_BARE_DOMAIN = re.compile(
    r"(?<![\w.@\[\]/:-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?![\w\[\]@-])", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _genuine_domains() -> tuple[frozenset[str], frozenset[str]]:
    """NHS, government and brand domains, and those of them where anyone can take a name (onmicrosoft.com)."""
    settings = TriageSettings.default()
    return matcher_for(settings).owned, settings.rules.tenant_domains


def defang_reason(text: str) -> str:
    """An engine reason as staff read it, in their feedback email or on a page: every web and email address
    defanged, and every domain name but a genuine one (nhs.uk, a brand's own), so that neither a mail program nor
    a browser turns the lure's own address into a link. Genuine names stay readable: "looks like nhs.uk"."""

    def domain(found: re.Match[str]) -> str:
        name = found.group(0)
        genuine, anyones = _genuine_domains()
        if not has_public_suffix(name) or (owns(name.lower(), genuine) and not owns(name.lower(), anyones)):
            return name
        return defang(name)

    return _BARE_DOMAIN.sub(domain, defang_note(text))


def _defanged_text_url(found: str) -> str:
    real, wrapper = unwrap(found)
    return _naming_wrapper(defang(real), wrapper) if wrapper else defang(found)
