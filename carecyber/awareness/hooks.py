"""What this app adds to the shared layout: navigation, staff home cards, home page sections."""

from __future__ import annotations

from django.urls import reverse

from carecyber.awareness import presenters, queries
from carecyber.awareness.permissions import can_view
from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.core.roles import Role


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    if actor.user is not None and can_view(actor):
        return [("Awareness", reverse("awareness:overview"))]
    return []


def staff_cards(actor: Actor) -> list[HomeCard]:
    return []


def home_sections(actor: Actor) -> list[HomeSection]:
    """Security leads and auditors: the next campaign week and the exercises running now.
    The national team: how widely campaigns are used."""
    if actor.role == Role.NATIONAL:
        return [HomeSection("awareness/_home_national.jinja", {"counts": queries.national_counts()}, order=70)]
    organisation = actor.organisation
    if organisation is None or not can_view(actor):
        return []
    week = queries.next_week(actor, organisation)
    running = list(queries.running_exercises(actor, organisation)[:5])
    return [
        HomeSection(
            "awareness/_home_lead.jinja",
            {
                "week": week,
                "theme": presenters.theme_name(week.theme) if week else "",
                "running": running,
                "has_branding": queries.branding_for(actor, organisation) is not None,
            },
            order=60,
        )
    ]
