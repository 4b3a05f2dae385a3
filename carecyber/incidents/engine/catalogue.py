"""The content of incidents as data: the categories people report under, and the playbooks.

Both live in YAML files beside the app (`data/`), written in plain English;
this module reads and checks them. No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


class CatalogueError(ValueError):
    """A data file is inconsistent (an unknown group or playbook, a duplicate key)."""


@dataclass(frozen=True)
class Group:
    key: str
    label: str


@dataclass(frozen=True)
class Category:
    key: str
    group: str
    label: str
    hint: str
    playbook: str
    short: str = ""


@dataclass(frozen=True)
class PlaybookTask:
    title: str
    detail: str
    due_hours: int


@dataclass(frozen=True)
class Playbook:
    key: str
    title: str
    summary: str
    tasks: tuple[PlaybookTask, ...]


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[Group, ...]
    categories: tuple[Category, ...]
    playbooks: tuple[Playbook, ...]

    def category(self, key: str) -> Category:
        for category in self.categories:
            if category.key == key:
                return category
        raise KeyError(key)

    def playbook(self, key: str) -> Playbook:
        for playbook in self.playbooks:
            if playbook.key == key:
                return playbook
        raise KeyError(key)

    def category_label(self, key: str) -> str:
        try:
            return self.category(key).label
        except KeyError:
            return key

    def short_label(self, key: str) -> str:
        try:
            return self.category(key).short
        except KeyError:
            return key

    def group_label(self, key: str) -> str:
        return next((g.label for g in self.groups if g.key == key), key)

    @property
    def category_keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.categories)

    def by_group(self) -> list[tuple[Group, list[Category]]]:
        return [(g, [c for c in self.categories if c.group == g.key]) for g in self.groups]


def parse(categories_data: dict[str, Any], playbooks_data: dict[str, Any]) -> Catalogue:
    """Build and check a catalogue from plain data."""
    groups = tuple(Group(key=str(g["key"]), label=str(g["label"])) for g in categories_data["groups"])
    playbooks = tuple(
        Playbook(
            key=str(p["key"]),
            title=str(p["title"]),
            summary=str(p["summary"]),
            tasks=tuple(
                PlaybookTask(title=str(t["title"]), detail=str(t.get("detail", "")), due_hours=int(t["due_hours"]))
                for t in p["tasks"]
            ),
        )
        for p in playbooks_data["playbooks"]
    )
    categories = tuple(
        Category(
            key=str(c["key"]),
            group=str(c["group"]),
            label=str(c["label"]),
            hint=str(c.get("hint", "")),
            playbook=str(c.get("playbook") or ""),
            short=str(c.get("short") or c["label"]),
        )
        for c in categories_data["categories"]
    )
    _check_unique("group", [g.key for g in groups])
    _check_unique("category", [c.key for c in categories])
    _check_unique("playbook", [p.key for p in playbooks])
    group_keys = {g.key for g in groups}
    playbook_keys = {p.key for p in playbooks}
    for c in categories:
        if c.group not in group_keys:
            raise CatalogueError(f"Category {c.key!r} names an unknown group {c.group!r}")
        if c.playbook and c.playbook not in playbook_keys:
            raise CatalogueError(f"Category {c.key!r} suggests an unknown playbook {c.playbook!r}")
        if len(c.short) > 30:
            raise CatalogueError(f"Category {c.key!r}: a short name has at most 30 characters")
        if len(c.key) > 40:
            raise CatalogueError(f"Category key {c.key!r} is longer than 40 characters")
    for p in playbooks:
        if not p.tasks:
            raise CatalogueError(f"Playbook {p.key!r} has no tasks")
        for t in p.tasks:
            if not 0 <= t.due_hours <= 24 * 90:
                raise CatalogueError(f"Playbook {p.key!r}: due_hours must be between 0 and 2160")
            if len(t.title) > 200:
                raise CatalogueError(f"Playbook {p.key!r}: task titles have at most 200 characters")
    return Catalogue(groups=groups, categories=categories, playbooks=playbooks)


def _check_unique(kind: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise CatalogueError(f"The {kind} {key!r} appears twice")
        seen.add(key)


@cache
def catalogue() -> Catalogue:
    """The app's catalogue, read once from its data files."""
    return parse(
        yaml.safe_load((DATA_DIR / "categories.yaml").read_text(encoding="utf-8")),
        yaml.safe_load((DATA_DIR / "playbooks.yaml").read_text(encoding="utf-8")),
    )


@cache
def default_rules_data() -> dict[str, Any]:
    """The starting notification rules (before the national team saves a version of its own)."""
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "notification_rules.yaml").read_text(encoding="utf-8"))
    return data
