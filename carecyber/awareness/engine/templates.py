"""The library of simulated phishing emails (data in `content/phishing_templates.yaml`), rated and rendered."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

import yaml

from carecyber.awareness.engine.content import CONTENT_DIR
from carecyber.awareness.engine.phishscale import Cue, CueCategory, Rating, rate

TEMPLATES_FILE = CONTENT_DIR / "phishing_templates.yaml"


@dataclass(frozen=True)
class PhishTemplate:
    key: str
    name: str
    sender_name: str
    subject: str
    before: tuple[str, ...]
    link_text: str
    after: tuple[str, ...]
    landing: str  # "form" (a pretend sign-in page first) or "teach" (straight to the lesson)
    cues: tuple[Cue, ...]
    premise: dict[str, bool]

    @property
    def rating(self) -> Rating:
        return rate(self.cues, self.premise)


@cache
def load_templates(path: Path = TEMPLATES_FILE) -> dict[str, PhishTemplate]:
    """The library, in file order. Read once per process: it is data shipped with the code."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, PhishTemplate] = {}
    for raw in data["templates"]:
        if raw["landing"] not in {"form", "teach"}:
            raise ValueError(f"{raw['key']}: landing must be form or teach")
        out[raw["key"]] = PhishTemplate(
            key=raw["key"],
            name=raw["name"],
            sender_name=raw["sender_name"],
            subject=raw["subject"],
            before=tuple(raw["before"]),
            link_text=raw["link_text"],
            after=tuple(raw.get("after", ())),
            landing=raw["landing"],
            cues=tuple(Cue(CueCategory(c["category"]), c["cue"], c["where"]) for c in raw["cues"]),
            premise={str(k): bool(v) for k, v in raw["premise"].items()},
        )
    return out


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(template: PhishTemplate, *, first_name: str, organisation: str, link: str) -> RenderedEmail:
    """The simulated email for one recipient. Names are escaped in the HTML part."""

    def fill(s: str) -> str:
        return s.replace("{first_name}", first_name or "colleague").replace("{organisation}", organisation)

    before = [fill(p) for p in template.before]
    after = [fill(p) for p in template.after]
    text = "\n\n".join([*before, f"{template.link_text}: {link}", *after]) + "\n"
    html = "".join(
        [
            *(f"<p>{escape(p)}</p>" for p in before),
            f'<p><a href="{escape(link)}">{escape(template.link_text)}</a></p>',
            *(f"<p>{escape(p)}</p>" for p in after),
        ]
    )
    return RenderedEmail(fill(template.subject), text, html)
