"""What incidents add to the shared layout: navigation, the staff home card, and home page sections."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.core.roles import Role
from carecyber.incidents import access, presenters, queries


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR}:
        return [("Incidents", reverse("incidents:list"))]
    if actor.role in {Role.NATIONAL, Role.SUPPORT_PARTNER}:
        return [("Incidents", reverse("incidents:national"))]
    return []


def staff_cards(actor: Actor) -> list[HomeCard]:
    if not access.can_report(actor) or actor.organisation is None:
        return []
    return [
        HomeCard(
            "Report an incident",
            "Clicked a link, lost a device, sent something to the wrong person? Tell us in a minute. Nobody is blamed.",
            reverse("incidents:report"),
            order=5,
        )
    ]


def home_sections(actor: Actor) -> list[HomeSection]:
    if actor.user is None or actor.membership is None:
        return []
    now = timezone.now()
    if actor.role == Role.STAFF:
        tasks = queries.my_tasks(actor, limit=5)
        reports = list(queries.my_reports(actor)[:3])
        if not tasks and not reports:
            return []
        return [
            HomeSection(
                "incidents/_home_staff.jinja",
                {"tasks": tasks, "reports": reports, "p": presenters, "now": now},
                order=20,
            )
        ]
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR}:
        return [
            HomeSection(
                "incidents/_home_lead.jinja",
                {
                    "clocks": queries.running_clocks(actor, limit=5),
                    "ungraded": queries.ungraded_cases(actor, limit=5),
                    "open_count": queries.open_cases_count(actor),
                    "p": presenters,
                    "now": now,
                },
                order=10,
            )
        ]
    if actor.role in {Role.NATIONAL, Role.SUPPORT_PARTNER}:
        return [
            HomeSection(
                "incidents/_home_national.jinja",
                {
                    "recent": queries.recently_shared(actor, limit=5),
                    "help_requests": queries.open_help_requests(actor, limit=5),
                    "is_national": actor.role == Role.NATIONAL,
                    "p": presenters,
                    "now": now,
                },
                order=10,
            )
        ]
    return []
