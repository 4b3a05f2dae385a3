"""The home page: one for each role, and a front page for visitors."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from carecyber.core import dashboards, extensions
from carecyber.core.http import AppRequest
from carecyber.core.presenters.charts import bar_chart
from carecyber.core.roles import Role


def home(request: AppRequest) -> HttpResponse:
    """One page per role; each capability adds its sections through its hooks."""
    actor = request.actor
    if actor.user is None:
        return render(request, "core/front.jinja", {"page_title": "Cyber security for health and care"})
    if actor.membership is None:
        return redirect("accounts:no-membership")
    if actor.role == Role.NATIONAL:
        figures = dashboards.national_figures(actor)
        return render(
            request,
            "core/home_national.jinja",
            {
                "page_title": "National overview",
                "figures": figures,
                "region_chart": bar_chart(figures.by_region, title="Organisations by region"),
                "events": dashboards.recent_events(actor),
                "sections": extensions.home_sections(actor),
            },
        )
    if actor.role == Role.SUPPORT_PARTNER:
        partner_figures = dashboards.partner_figures(actor)
        return render(
            request,
            "core/home_partner.jinja",
            {
                "page_title": "My organisations",
                "figures": partner_figures,
                "type_chart": bar_chart(partner_figures.by_type, title="Your organisations by type"),
                "sections": extensions.home_sections(actor),
            },
        )
    organisation = actor.organisation
    assert organisation is not None  # an organisation role always has one (database constraint)
    if actor.role in {Role.SECURITY_LEAD, Role.AUDITOR}:
        return render(
            request,
            "core/home_lead.jinja",
            {
                "page_title": organisation.name,
                "organisation": organisation,
                "figures": dashboards.organisation_figures(actor, organisation),
                "events": dashboards.recent_events(actor, organisation=organisation),
                "sections": extensions.home_sections(actor),
            },
        )
    return render(
        request,
        "core/home_staff.jinja",
        {"page_title": "Home", "organisation": organisation, "sections": extensions.home_sections(actor)},
    )
