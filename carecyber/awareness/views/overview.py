"""The awareness overview: branding, the next campaign weeks, packs and exercises at a glance."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carecyber.awareness import queries
from carecyber.awareness.engine.content import load_themes
from carecyber.awareness.permissions import can_manage, view_required
from carecyber.core.http import AppRequest


@view_required
def overview(request: AppRequest) -> HttpResponse:
    actor = request.actor
    organisation = actor.organisation
    assert organisation is not None  # view_required needs an organisation role
    return render(
        request,
        "awareness/overview.jinja",
        {
            "page_title": "Keep I.T. Confidential",
            "organisation": organisation,
            "branding": queries.branding_for(actor, organisation),
            "weeks": list(queries.weeks_for(actor, organisation, since=timezone.localdate() - timedelta(days=6))[:4]),
            "packs": list(queries.packs_for(actor, organisation)[:5]),
            "exercises": list(queries.exercises_for(actor, organisation)[:5]),
            "themes": list(load_themes().values()),
            "can_manage": can_manage(actor),
        },
    )
