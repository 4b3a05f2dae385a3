"""What this app adds to the shared layout: navigation, staff home cards, home page sections."""

from __future__ import annotations

from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.phishing import hooks_analyst


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    return [*hooks_analyst.nav_items(actor)]


def staff_cards(actor: Actor) -> list[HomeCard]:
    return []


def home_sections(actor: Actor) -> list[HomeSection]:
    return [*hooks_analyst.home_sections(actor)]
