"""What Broadcast adds to the shared layout: navigation, a staff home card, home page sections."""

from __future__ import annotations

from django.urls import reverse

from carecyber.alerts import presenters, queries
from carecyber.alerts.models import AdvisoryStatus
from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.core.roles import Role

HOME_ROWS = 5


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    if actor.membership is None:
        return []
    if actor.is_national:
        return [("Alerts", reverse("alerts:dashboard"))]
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR} and actor.organisation is not None:
        return [("Alerts", reverse("alerts:organisation", args=[actor.organisation.code]))]
    return [("Alerts", reverse("alerts:advisory-list"))]


def staff_cards(actor: Actor) -> list[HomeCard]:
    return [
        HomeCard(
            "Threat alerts",
            "Read the national team's alerts about threats to health and care systems.",
            reverse("alerts:advisory-list"),
            order=40,
        )
    ]


def home_sections(actor: Actor) -> list[HomeSection]:
    if actor.membership is None:
        return []
    if actor.is_national:
        advisories = list(queries.advisories_for(actor, status=AdvisoryStatus.PUBLISHED)[:HOME_ROWS])
        figures = queries.advisory_figures(actor, advisories)
        return [
            HomeSection(
                "alerts/_home_national.jinja",
                {
                    "figures": [{"f": f, "severity": presenters.severity_tag(f.advisory)} for f in figures],
                    "drafts": queries.advisories_for(actor, status=AdvisoryStatus.DRAFT).count(),
                    "unread": queries.unread_count(actor),
                },
                order=20,
            )
        ]
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR, Role.SUPPORT_PARTNER}:
        organisation = actor.organisation
        open_qs = queries.open_responses(actor, organisation)
        rows = [presenters.response_row(r) for r in open_qs[:HOME_ROWS]]
        return [
            HomeSection(
                "alerts/_home_lead.jinja",
                {
                    "rows": rows,
                    "total": open_qs.count(),
                    "organisation": organisation,
                    "unread": queries.unread_count(actor),
                },
                order=20,
            )
        ]
    return []
