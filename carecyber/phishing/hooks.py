"""What this app adds to the shared layout: navigation, staff home cards, home page sections."""

from __future__ import annotations

from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.phishing import hooks_analyst, hooks_reporter


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    return [*hooks_analyst.nav_items(actor)]


def staff_cards(actor: Actor) -> list[HomeCard]:
    return [*hooks_reporter.staff_cards(actor)]


def home_sections(actor: Actor) -> list[HomeSection]:
    return [*hooks_reporter.home_sections(actor), *hooks_analyst.home_sections(actor)]
