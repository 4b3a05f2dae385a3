"""What the reporter's side adds to the shared layout: the "Report a suspicious email" card and a home section."""

from __future__ import annotations

from django.urls import reverse

from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.phishing import access, presenters_reporter, queries


def staff_cards(actor: Actor) -> list[HomeCard]:
    if actor.is_system or not access.can_report(actor) or actor.organisation is None:
        return []
    return [
        HomeCard(
            "Report a suspicious email",
            "Not sure about an email? Send it to us and we will tell you if it is safe. Reporting is always right.",
            reverse("phishing:report-form"),
            order=4,
        )
    ]


def home_sections(actor: Actor) -> list[HomeSection]:
    if actor.user is None or actor.organisation is None:
        return []
    reports = list(queries.reports_of_reporter(actor).defer("indicators")[:3])
    if not reports:
        return []
    return [HomeSection("phishing/_home_reporter.jinja", {"reports": reports, "pr": presenters_reporter}, order=15)]
