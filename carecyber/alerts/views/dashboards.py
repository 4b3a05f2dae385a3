"""Dashboards: the national response picture, and one organisation's alerts and inventory."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from carecyber.alerts import presenters, queries
from carecyber.alerts.models import AdvisoryStatus
from carecyber.alerts.permissions import can_view_responses
from carecyber.alerts.views.common import csv_response, need
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.charts import bar_chart
from carecyber.core.presenters.pagination import paginate, pagination_params


@member_required
def national_dashboard(request: AppRequest) -> HttpResponseBase:
    """Per advisory: targeted, acknowledged, applicable, closed, overdue; and time to acknowledge."""
    need(request.actor.is_national, "see the national dashboard")
    advisories = queries.advisories_for(request.actor).exclude(status=AdvisoryStatus.DRAFT)
    if request.GET.get("format") == "csv":
        figures = queries.advisory_figures(request.actor, list(advisories[:5000]))
        return csv_response(
            "carecyber-alert-responses.csv",
            [
                "reference",
                "title",
                "severity",
                "status",
                "published",
                "targeted",
                "acknowledged",
                "applicable",
                "not applicable",
                "closed",
                "overdue",
                "seen",
            ],
            (
                [
                    f.advisory.reference,
                    f.advisory.title,
                    f.advisory.severity,
                    f.advisory.status,
                    f.advisory.published_at.isoformat() if f.advisory.published_at else "",
                    f.targeted,
                    f.acknowledged,
                    f.applicable,
                    f.not_applicable,
                    f.closed,
                    f.overdue,
                    f.seen,
                ]
                for f in figures
            ),
        )
    page = paginate(advisories, request.GET, per_page=25)
    figures = queries.advisory_figures(request.actor, list(page.object_list))
    distribution = queries.time_to_acknowledge(request.actor)
    return render(
        request,
        "alerts/dashboard_national.jinja",
        {
            "page_title": "Alert responses",
            "figures": [{"f": f, "severity": presenters.severity_tag(f.advisory)} for f in figures],
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "distribution": distribution,
            "chart": bar_chart(distribution, title="Time to acknowledge, all published alerts"),
            "drafts": queries.advisories_for(request.actor, status=AdvisoryStatus.DRAFT).count(),
        },
    )


@member_required
def my_alerts(request: AppRequest) -> HttpResponse:
    organisation = request.actor.organisation
    if organisation is None:
        return redirect("alerts:dashboard" if request.actor.is_national else "alerts:advisory-list")
    return redirect("alerts:organisation", organisation.code)


@member_required
def organisation_dashboard(request: AppRequest, code: str) -> HttpResponse:
    """Open alerts with due dates, the inventory in brief, and every advisory that touched the organisation."""
    need(can_view_responses(request.actor), "see an organisation's alerts")
    organisation = queries.organisation_for(request.actor, code)
    open_rows = [presenters.response_row(r) for r in queries.open_responses(request.actor, organisation)[:100]]
    touching = paginate(queries.advisories_touching(request.actor, organisation), request.GET, per_page=20)
    assets = queries.assets_of(request.actor, organisation)
    top_products = list(
        assets.values("vendor_name", "product_name").annotate(n=Count("pk")).order_by("-n", "product_name")[:10]
    )
    return render(
        request,
        "alerts/dashboard_organisation.jinja",
        {
            "page_title": f"Alerts for {organisation.name}",
            "organisation": organisation,
            "open_rows": open_rows,
            "touching": touching,
            "touching_rows": [presenters.response_row(r) for r in touching.object_list],
            "pagination": pagination_params(touching, request.GET),
            "asset_count": assets.count(),
            "top_products": top_products,
        },
    )
