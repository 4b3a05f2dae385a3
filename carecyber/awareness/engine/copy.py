"""Newsletter, bulletin and intranet copy for one theme, as HTML and plain text.

The HTML is plain semantic markup with no styles or scripts, so it takes on the
look of whichever newsletter tool or intranet it is pasted into. Every value
from the organisation is escaped.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

from carecyber.awareness.engine.content import Brand, Copy


@dataclass(frozen=True)
class CopySet:
    newsletter_html: str
    newsletter_text: str
    bulletin_html: str
    bulletin_text: str
    intranet_html: str


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _wrap(text: str) -> str:
    return "\n".join(textwrap.fill(part, 72) if part else "" for part in text.split("\n"))


def copy_set(copy: Copy, brand: Brand) -> CopySet:
    tips_html = "\n".join(f"  <li>{escape(t)}</li>" for t in copy.tips)
    newsletter_html = "\n".join(
        [
            '<article class="kitc-newsletter" lang="en-GB">',
            f"<h2>{escape(copy.article_title)}</h2>",
            _p(copy.article_intro),
            f"<p><strong>{escape(copy.headline)}</strong> {escape(copy.body)}</p>",
            f"<h3>{len(copy.tips)} things you can do</h3>",
            "<ul>",
            tips_html,
            "</ul>",
            _p(copy.article_close),
            f"<p>{escape(brand.name)}</p>",
            "</article>",
            "",
        ]
    )
    tips_text = "\n".join(f"- {t}" for t in copy.tips)
    newsletter_text = (
        _wrap(
            f"{copy.article_title.upper()}\n\n{copy.article_intro}\n\n{copy.headline} {copy.body}\n\n"
            f"{len(copy.tips)} things you can do:\n"
        )
        + f"\n{tips_text}\n\n"
        + _wrap(f"{copy.article_close}\n\n{brand.name}")
        + "\n"
    )
    bulletin = f"{copy.body} {copy.action}."
    bulletin_html = "\n".join(
        [
            '<section class="kitc-bulletin" lang="en-GB">',
            f"<h3>{escape(copy.headline)}</h3>",
            _p(bulletin),
            "</section>",
            "",
        ]
    )
    bulletin_text = _wrap(f"{copy.headline}\n\n{bulletin}") + "\n"
    intranet_html = "\n".join(
        [
            f'<aside class="kitc-intranet" aria-labelledby="kitc-{copy.theme.key}" lang="en-GB">',
            f'<h2 id="kitc-{copy.theme.key}">{escape(copy.headline)}</h2>',
            _p(copy.body),
            "<ul>",
            "\n".join(f"  <li>{escape(t)}</li>" for t in copy.tips[:3]),
            "</ul>",
            f"<p><strong>{escape(copy.action)}</strong></p>",
            "</aside>",
            "",
        ]
    )
    return CopySet(newsletter_html, newsletter_text, bulletin_html, bulletin_text, intranet_html)
