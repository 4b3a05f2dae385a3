"""How each capability adds itself to the shared layout and the scheduler.

Every app has a `hooks.py` (navigation items, staff home cards, home page
sections) and a `schedule.py` (periodic jobs). This module lists the apps
explicitly and gathers what they offer, so adding a capability never means
editing another app's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

from carecyber.core.actor import Actor

CAPABILITY_APPS = ("assessments", "alerts", "phishing", "training", "awareness", "incidents", "support")


@dataclass(frozen=True)
class HomeCard:
    """A card on a staff member's home page: something everyone can do."""

    heading: str
    description: str
    href: str
    order: int = 50


@dataclass(frozen=True)
class HomeSection:
    """A block on a role's home page, rendered from `template` with `context`."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


@dataclass(frozen=True)
class Job:
    """A task to run every `seconds` (Celery beat in production, `carecyber scheduler` otherwise)."""

    name: str
    task: str
    seconds: int
    kwargs: dict[str, Any] = field(default_factory=dict)


def _modules(kind: str) -> list[ModuleType]:
    return [import_module(f"carecyber.{app}.{kind}") for app in CAPABILITY_APPS]


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    return [item for module in _modules("hooks") for item in module.nav_items(actor)]


def staff_cards(actor: Actor) -> list[HomeCard]:
    cards = [card for module in _modules("hooks") for card in module.staff_cards(actor)]
    return sorted(cards, key=lambda c: c.order)


def home_sections(actor: Actor) -> list[HomeSection]:
    sections = [s for module in _modules("hooks") for s in module.home_sections(actor)]
    return sorted(sections, key=lambda s: s.order)


def scheduled_jobs() -> list[Job]:
    from carecyber.core import schedule as core_schedule

    return [*core_schedule.JOBS, *(job for module in _modules("schedule") for job in module.JOBS)]
