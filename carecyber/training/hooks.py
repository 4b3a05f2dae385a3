"""What this app adds to the shared layout: navigation, staff home cards, home page sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from carecyber.core.actor import Actor
from carecyber.core.extensions import HomeCard, HomeSection
from carecyber.core.roles import Role
from carecyber.training import queries
from carecyber.training.engine.rules import Status
from carecyber.training.permissions import TrainingPerm, can
from carecyber.training.presenters import due_words

if TYPE_CHECKING:
    from carecyber.support.dashboard import DashboardColumn


def nav_items(actor: Actor) -> list[tuple[str, str]]:
    if actor.user is None or actor.membership is None:
        return []
    if actor.is_national:
        return [("Training", reverse("training:national"))]
    if actor.is_partner:
        return [("Training", reverse("training:partner"))]
    organisation = actor.organisation
    if organisation is not None and can(actor, TrainingPerm.COMPLIANCE_VIEW):
        return [("Training", reverse("training:compliance", args=[organisation.code]))]
    return [("My training", reverse("training:my-training"))]


def staff_cards(actor: Actor) -> list[HomeCard]:
    """'My training' with what is due next, in one sentence."""
    if actor.user is None or actor.membership is None or not can(actor, TrainingPerm.LEARN):
        return []
    required = [item for item in queries.my_training(actor) if item.required]
    urgent = [i for i in required if i.status in {Status.OVERDUE, Status.EXPIRED, Status.NOT_STARTED, Status.DUE_SOON}]
    if urgent:
        first = min(urgent, key=lambda i: i.state.due if i.state else actor.membership.created_at)  # type: ignore[union-attr]  # membership checked above
        more = f" And {len(urgent) - 1} more." if len(urgent) > 1 else ""
        description = f"{first.course.title}: {due_words(first.state)}{more}"
    elif required:
        description = "You are up to date. " + due_words(required[0].state)
    else:
        description = "Courses on keeping data and systems safe."
    return [HomeCard("My training", description, reverse("training:my-training"), order=20)]


def home_sections(actor: Actor) -> list[HomeSection]:
    if actor.user is None or actor.membership is None:
        return []
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR} and actor.organisation is not None:
        figures = queries.organisation_compliance(actor, actor.organisation)
        return [HomeSection("training/_home_lead.jinja", {"figures": figures}, order=30)]
    if actor.is_national:
        return [HomeSection("training/_home_national.jinja", {"rollup": queries.national_rollup(actor)}, order=30)]
    if actor.is_partner:
        rows = queries.partner_compliance(actor)
        below = [r for r in rows if r[1] is not None and not r[2]]
        return [HomeSection("training/_home_partner.jinja", {"rows": rows, "below": below}, order=30)]
    return []


def partner_dashboard_columns() -> list[DashboardColumn]:
    """The support partner's dashboard: the share of each organisation's staff up to date, against the target."""
    from carecyber.training.dashboard import columns

    return columns()
