"""What the toolkit adds to the shared layout: navigation, a staff card, and home page sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from carecyber.assessments import home
from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.core.roles import Role

if TYPE_CHECKING:
    from carecyber.support.dashboard import DashboardColumn


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    role = actor.role
    org = actor.organisation
    if role == Role.NATIONAL:
        return [("Toolkit status", reverse("assessments:national")), ("Assure", reverse("assessments:assure-national"))]
    if role == Role.SUPPORT_PARTNER:
        return [("Toolkit progress", reverse("assessments:partner"))]
    if role == Role.SECURITY_LEAD and org is not None:
        return [
            ("Toolkit", reverse("assessments:organisation", args=[org.code])),
            ("Assure", reverse("assessments:assure", args=[org.code])),
        ]
    if role == Role.AUDITOR:
        return [("Audits", reverse("assessments:my-audits"))]
    if role == Role.STAFF and home.open_assignments(actor):
        return [("My questions", reverse("assessments:mine"))]
    return []


def staff_cards(actor: Actor) -> list[HomeCard]:
    """Only when the security lead has asked this person to answer something."""
    count = home.open_assignments(actor)
    if not count:
        return []
    return [
        HomeCard(
            "Questions for you to answer",
            f"Your security lead has asked you to answer {count} question{'s' if count != 1 else ''} "
            "for the data security toolkit.",
            reverse("assessments:mine"),
            order=10,
        )
    ]


def home_sections(actor: Actor) -> list[HomeSection]:
    role = actor.role
    if role == Role.SECURITY_LEAD and actor.organisation is not None:
        return [HomeSection("assessments/_home_lead.jinja", home.lead_context(actor, actor.organisation), order=10)]
    if role == Role.NATIONAL:
        return [HomeSection("assessments/_home_national.jinja", home.national_context(actor), order=10)]
    if role == Role.SUPPORT_PARTNER:
        return [HomeSection("assessments/_home_partner.jinja", home.partner_context(actor), order=10)]
    if role == Role.AUDITOR:
        return [HomeSection("assessments/_home_auditor.jinja", home.auditor_context(actor), order=10)]
    return []


def partner_dashboard_columns() -> list[DashboardColumn]:
    """Toolkit status, how much is answered and deadline risk on Support's partner dashboard."""
    from carecyber.assessments.dashboard import partner_dashboard_columns as columns

    return columns()
