"""What the analyst's side adds to the layout: navigation and a home block for leads, auditors and the national team.

Kept apart from hooks.py (the reporter's side) so the two grow without treading on each other.
"""

from __future__ import annotations

from django.urls import reverse

from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeSection
from carecyber.phishing import access, presenters_analyst, queries
from carecyber.phishing.models import CampaignStatus


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    if actor.user is None or not access.can_view_queue(actor):
        return []
    return [("Phishing", reverse("phishing:analyst-queue"))]


def home_sections(actor: Actor) -> list[HomeSection]:
    if actor.user is None or not access.can_view_queue(actor):
        return []
    recent = list(
        queries.reports_for_analyst(actor)
        .only("pk", "subject", "verdict", "received_at", "organisation__name", "campaign__reference")
        .order_by("-received_at", "-id")[:5]
    )
    campaigns = (
        list(queries.campaigns_for(actor).filter(status=CampaignStatus.ACTIVE)[:5])
        if access.can_run_campaigns(actor)
        else []
    )
    return [
        HomeSection(
            "phishing/_home_analyst.jinja",
            {"recent": recent, "campaigns": campaigns, "national": actor.is_national, "p": presenters_analyst},
            order=15,
        )
    ]
