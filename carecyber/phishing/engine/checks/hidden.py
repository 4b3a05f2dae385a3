"""Text hidden inside the visible message: invisible words that only a spam filter reads.

Bulk mailers hide a few random tokens between the visible words (`<span style="opacity:0">f0zpnu50</span>`) so
that every copy of a campaign differs and filters that recognise repeated messages miss it. Newsletters hide a
preview sentence at the top too (display:none, for the inbox's one-line preview), which is a sentence, not a
token; so only single hidden words count, and only two or more of them.
"""

from __future__ import annotations

import html
import re

from ..context import Context
from ..types import Reason

# An inline element styled invisible (opacity 0, no size, not displayed, hidden) and the text right after its tag.
_HIDDEN_INLINE = re.compile(
    r"<(?:span|font|i|b|em|strong|u|small|div)\b[^>]*?style\s*=\s*[\"'][^\"'>]*?"
    r"(?:opacity\s*:\s*0(?![.\d])|font-size\s*:\s*0(?:px|pt|em)?\s*(?:[;\"'!]|$)|display\s*:\s*none"
    r"|visibility\s*:\s*hidden)[^>]*>([^<]{1,60})<",
)
_TOKEN = re.compile(r"[a-z0-9]{4,20}")
_LETTER = re.compile(r"[a-z]")
_ENOUGH = 2


def check_hidden_filler(ctx: Context) -> list[Reason]:
    if "<" not in ctx.html_lower:
        return []
    tokens: list[str] = []
    for found in _HIDDEN_INLINE.finditer(ctx.html_lower):
        text = html.unescape(found.group(1)).strip()
        if _TOKEN.fullmatch(text) and _LETTER.search(text) and text not in tokens:
            tokens.append(text)
    if len(tokens) < _ENOUGH:
        return []
    shown = ", ".join(tokens[:3])
    return [
        ctx.reason(
            "hidden_filler",
            f"The email hides words you cannot see between the ones you can ({shown}): bulk mailers do this so "
            "that each copy looks different to spam filters.",
        )
    ]
