"""The themes and their copy (data in `content/themes.yaml`), and an organisation's branding.

Copy is filled in with the organisation's own details here, once, so every
format, the poster and the newsletter say exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from carecyber.awareness.engine.colour import BrandColour, accessible_brand_colour

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
THEMES_FILE = CONTENT_DIR / "themes.yaml"


@dataclass(frozen=True)
class Variant:
    headline: str
    short: str
    body: str


@dataclass(frozen=True)
class Theme:
    key: str
    name: str
    summary: str
    icon: str
    action: str
    action_email: str
    variants: tuple[Variant, ...]
    tips: tuple[str, ...]
    article_title: str
    article_intro: str
    article_close: str


@cache
def load_themes(path: Path = THEMES_FILE) -> dict[str, Theme]:
    """The theme library, in file order. Read once per process: it is data shipped with the code."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    themes: dict[str, Theme] = {}
    for key, raw in data["themes"].items():
        themes[key] = Theme(
            key=key,
            name=raw["name"],
            summary=raw["summary"],
            icon=raw["icon"],
            action=raw["action"],
            action_email=raw["action_email"],
            variants=tuple(Variant(v["headline"], v["short"], v["body"]) for v in raw["variants"]),
            tips=tuple(raw["tips"]),
            article_title=raw["article"]["title"],
            article_intro=raw["article"]["intro"],
            article_close=raw["article"]["close"],
        )
    return themes


def theme_keys() -> list[str]:
    return list(load_themes())


@dataclass(frozen=True)
class Brand:
    """What an organisation's materials carry: its name, logo (a safe PNG), colour and contacts."""

    name: str
    colour: BrandColour
    report_to: str
    helpdesk: str = ""
    logo_png: bytes | None = None

    @classmethod
    def create(
        cls, *, name: str, colour: str, report_to: str, helpdesk: str = "", logo_png: bytes | None = None
    ) -> Brand:
        return cls(
            name=" ".join(name.split()),
            colour=accessible_brand_colour(colour),
            report_to=report_to.strip(),
            helpdesk=" ".join(helpdesk.split()),
            logo_png=logo_png,
        )


@dataclass(frozen=True)
class Copy:
    """The words of one theme variant, filled in for one organisation."""

    theme: Theme
    variant_index: int
    headline: str
    short: str
    body: str
    action: str
    tips: tuple[str, ...]
    article_title: str
    article_intro: str
    article_close: str


def _fill(text: str, brand: Brand) -> str:
    helpdesk_sentence = f" on {brand.helpdesk}" if brand.helpdesk else f" at {brand.report_to}"
    return text.format(
        organisation=brand.name,
        report_to=brand.report_to,
        helpdesk=brand.helpdesk,
        helpdesk_sentence=helpdesk_sentence,
    )


def copy_for(theme: Theme, variant: int, brand: Brand) -> Copy:
    chosen = theme.variants[variant % len(theme.variants)]
    return Copy(
        theme=theme,
        variant_index=variant % len(theme.variants),
        headline=_fill(chosen.headline, brand),
        short=_fill(chosen.short, brand),
        body=_fill(chosen.body, brand),
        action=_fill(theme.action if brand.helpdesk else theme.action_email, brand),
        tips=tuple(_fill(t, brand) for t in theme.tips),
        article_title=_fill(theme.article_title, brand),
        article_intro=_fill(theme.article_intro, brand),
        article_close=_fill(theme.article_close, brand),
    )
