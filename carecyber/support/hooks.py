"""What this app adds to the shared layout: navigation, staff home cards, home page sections."""

from __future__ import annotations

from django.urls import reverse

from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.core.roles import Role


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    """Staff and leads: guidance and "Ask for help"; partners: their dashboard; the national team: coverage."""
    role = actor.role
    if role in {Role.STAFF, Role.SECURITY_LEAD}:
        items = [("Guidance", reverse("support:guidance-list"))]
        if role == Role.SECURITY_LEAD and actor.organisation is not None:
            items.append(("Policies", reverse("support:policies", args=[actor.organisation.code])))
        items.append(("Ask for help", reverse("support:tickets")))
        return items
    if role == Role.AUDITOR:
        return [("Guidance", reverse("support:guidance-list"))]
    if role == Role.SUPPORT_PARTNER:
        return [
            ("My dashboard", reverse("support:partner-dashboard")),
            ("Helpline", reverse("support:tickets")),
            ("Events", reverse("support:events")),
        ]
    if role == Role.NATIONAL:
        return [("Partner coverage", reverse("support:coverage")), ("Helpline", reverse("support:tickets"))]
    return []


def staff_cards(actor: Actor) -> list[HomeCard]:
    return [
        HomeCard(
            "Guidance",
            "Plain help with the toolkit, the ten standards and everyday basics like backups and passwords.",
            reverse("support:guidance-list"),
            order=40,
        ),
        HomeCard(
            "Ask for help",
            "Ask your support partner anything about keeping information safe. It is free.",
            reverse("support:tickets"),
            order=41,
        ),
        HomeCard(
            "Events",
            "Free webinars and drop-in sessions. Book a place and bring your questions.",
            reverse("support:events"),
            order=42,
        ),
    ]


def home_sections(actor: Actor) -> list[HomeSection]:
    from carecyber.support.queries import home

    role = actor.role
    if role in {Role.SECURITY_LEAD, Role.AUDITOR} and actor.organisation is not None:
        summary = home.organisation_support(actor, actor.organisation)
        return [
            HomeSection(
                "support/_home_organisation.jinja",
                {"summary": summary, "organisation": actor.organisation, "lead": role == Role.SECURITY_LEAD},
                order=60,
            )
        ]
    if role in {Role.SUPPORT_PARTNER, Role.NATIONAL}:
        return [HomeSection("support/_home_desk.jinja", {"summary": home.desk_summary(actor)}, order=60)]
    return []
