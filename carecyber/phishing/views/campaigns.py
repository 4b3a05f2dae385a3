"""Campaigns (national team): the list, one campaign across organisations, its advisory, STIX bundle and status."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.mail import absolute_url
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.phishing import access, queries, services_analyst
from carecyber.phishing.models import CampaignStatus
from carecyber.phishing.safe_render import defanged_target
from carecyber.phishing.stix import campaign_bundle
from carecyber.phishing.views.analyst import page

REPORTS_SHOWN = 200


def require_national(request: AppRequest) -> None:
    if not access.can_run_campaigns(request.actor):
        raise PermissionDenied("Campaigns are for the national team")


@member_required
def campaign_list(request: AppRequest) -> HttpResponse:
    require_national(request)
    status = request.GET.get("status", "")
    campaigns = queries.campaigns_for(request.actor)
    if status in CampaignStatus.values:
        campaigns = campaigns.filter(status=status)
    found = paginate(campaigns, request.GET)
    return page(
        request,
        "phishing/campaign_list.jinja",
        {
            "page_title": "Phishing campaigns",
            "found": found,
            "pagination": pagination_params(found, request.GET),
            "status": status,
            "statuses": CampaignStatus.choices,
        },
    )


@member_required
def campaign_detail(request: AppRequest, reference: str) -> HttpResponse:
    require_national(request)
    campaign = queries.campaign_for(request.actor, reference)
    reports = list(
        queries.campaign_reports(request.actor, campaign).defer(
            "indicators", "reasons", "fp_url_domains", "fp_attachment_hashes"
        )[:REPORTS_SHOWN]
    )
    indicators = services_analyst.campaign_indicators(request.actor, campaign)
    per_day: Counter[date] = Counter(timezone.localtime(r.received_at).date() for r in reports)
    return page(
        request,
        "phishing/campaign_detail.jinja",
        {
            "page_title": f"{campaign.reference}: {campaign.title}",
            "campaign": campaign,
            "reports": reports,
            "more_reports": campaign.report_count > len(reports),
            "timeline": sorted(per_day.items()),
            "indicators": [
                (kind, [v if kind == "sha256" else defanged_target(v) for v in values])
                for kind, values in indicators.items()
                if values
            ],
            "sender_domain": defanged_target(campaign.sender_domain) if campaign.sender_domain else "",
        },
    )


@require_POST
@member_required
def campaign_advisory(request: AppRequest, reference: str) -> HttpResponse:
    require_national(request)
    campaign = queries.campaign_for(request.actor, reference)
    try:
        advisory = services_analyst.campaign_advisory_draft(actor=request.actor, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("phishing:campaign", campaign.reference)
    messages.success(request, f"Draft advisory {advisory} created. Review it, then publish it.")
    return redirect("alerts:advisory-detail", advisory)


@require_POST
@member_required
def campaign_status(request: AppRequest, reference: str) -> HttpResponse:
    require_national(request)
    campaign = queries.campaign_for(request.actor, reference)
    close = request.POST.get("action") == "close"
    try:
        services_analyst.campaign_status_set(actor=request.actor, campaign=campaign, close=close)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The campaign is closed." if close else "The campaign is open again.")
    return redirect("phishing:campaign", campaign.reference)


@member_required
def campaign_stix(request: AppRequest, reference: str) -> HttpResponse:
    require_national(request)
    campaign = queries.campaign_for(request.actor, reference)
    bundle = campaign_bundle(
        campaign,
        services_analyst.campaign_indicators(request.actor, campaign),
        url=absolute_url(reverse("phishing:campaign", args=[campaign.reference])),
    )
    response = HttpResponse(json.dumps(bundle, indent=2), content_type="application/stix+json;version=2.1")
    response["Content-Disposition"] = f'attachment; filename="{campaign.reference}.stix.json"'
    return response
