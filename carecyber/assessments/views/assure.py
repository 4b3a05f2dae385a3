"""Assure: an organisation against its peers (chart, table, what to fix first) and the national picture."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from carecyber.assessments import assure, queries
from carecyber.assessments.engine.calendar import toolkit_year
from carecyber.assessments.engine.status import STATUS_LABELS, STATUS_ORDER
from carecyber.assessments.models import Framework
from carecyber.assessments.permissions import ToolkitPerm, toolkit_requires
from carecyber.assessments.presenters import comparison_chart
from carecyber.assessments.services.assessments import today_local
from carecyber.assessments.views.common import base_context, csv_response, wants_csv
from carecyber.core.http import AppRequest
from carecyber.core.models import OrganisationType
from carecyber.core.presenters.charts import bar_chart


@toolkit_requires(ToolkitPerm.ASSURE)
def assure_index(request: AppRequest) -> HttpResponseBase:
    actor = request.actor
    if actor.is_national:
        return redirect("assessments:assure-national")
    if actor.organisation is not None:
        return redirect("assessments:assure", actor.organisation.code)
    return redirect("assessments:partner")


@toolkit_requires(ToolkitPerm.ASSURE)
def assure_organisation(request: AppRequest, code: str) -> HttpResponse:
    actor = request.actor
    organisation = queries.organisation_for(actor, code)
    report = assure.assure_report(actor, organisation)
    table = request.GET.get("table", "standards")
    if report is not None and wants_csv(request):
        if table == "fixes":
            return csv_response(
                f"{organisation.code}-fix-first",
                ["rank", "item", "text", "standard", "mandatory", "peers meeting it (%)", "closes (points)", "why"],
                (
                    [
                        f.rank,
                        f.gap.reference,
                        f.gap.text,
                        f.gap.standard,
                        "yes" if f.gap.mandatory else "no",
                        round(f.gap.peer_met_rate * 100),
                        f.closes,
                        f.reason,
                    ]
                    for f in report.fixes
                ),
            )
        return csv_response(
            f"{organisation.code}-against-peers",
            [
                "standard",
                "title",
                "items",
                "met",
                "your share met (%)",
                "peers",
                "lower quartile (%)",
                "median (%)",
                "upper quartile (%)",
                "where you are",
            ],
            (
                [
                    c.standard.reference,
                    c.standard.title,
                    c.own.applicable,
                    c.own.met,
                    c.percent,
                    c.peers.n,
                    c.peers.q1,
                    c.peers.median,
                    c.peers.q3,
                    c.band,
                ]
                for c in report.standards
            ),
        )
    chart = comparison_chart(report.standards) if report is not None else None
    return render(
        request,
        "assessments/assure.jinja",
        base_context(
            request, page_title=f"Assure – {organisation.name}", organisation=organisation, report=report, chart=chart
        ),
    )


@toolkit_requires(ToolkitPerm.NATIONAL)
def assure_national(request: AppRequest) -> HttpResponse:
    actor = request.actor
    table = request.GET.get("table", "")
    year = toolkit_year(today_local())
    by_region = assure.status_grid(actor, by="region")
    by_type = assure.status_grid(actor, by="type")
    status_filter = request.GET.get("status", "")
    region_type = assure.region_by_type(
        actor, status=status_filter if status_filter in {s.value for s in STATUS_ORDER} else ""
    )
    trend = assure.trend(actor)
    frameworks = list(Framework.objects.filter(is_current=True).order_by("title"))
    gaps = {f: assure.common_gaps(f, year) for f in frameworks}
    header = ["", *(STATUS_LABELS[s] for s in STATUS_ORDER)]
    if wants_csv(request):
        if table == "region":
            return csv_response(
                "status-by-region", ["region", *header[1:]], ([label, *counts] for _, label, counts in by_region.rows)
            )
        if table == "type":
            return csv_response(
                "status-by-type", ["type", *header[1:]], ([label, *counts] for _, label, counts in by_type.rows)
            )
        if table == "region-type":
            return csv_response(
                "region-by-type",
                ["region", *OrganisationType.labels],
                ([label, *counts] for label, counts in region_type),
            )
        if table == "trend":
            return csv_response(
                "trend",
                ["year", "published", "all mandatory met", "not met", "not published"],
                ([t.label, t.published, t.met, t.not_met, t.not_published] for t in trend),
            )
        if table == "gaps":
            return csv_response(
                "common-gaps",
                ["framework", "item", "text", "organisations it applies to", "not met", "not met (%)"],
                (
                    [f.slug, g.item.reference, g.item.text, g.applicable, g.unmet, g.unmet_percent]
                    for f, rows in gaps.items()
                    for g in rows
                ),
            )
    return render(
        request,
        "assessments/assure_national.jinja",
        base_context(
            request,
            page_title="Assure: the national picture",
            by_region=by_region,
            by_type=by_type,
            region_type=region_type,
            type_labels=list(OrganisationType.labels),
            status_filter=status_filter,
            statuses=STATUS_ORDER,
            status_labels=STATUS_LABELS,
            trend=trend,
            trend_chart=bar_chart(
                [(t.label, round(100 * t.met / t.organisations) if t.organisations else 0) for t in trend],
                title="Share of all organisations at Standards Met or better, by year",
                unit="%",
            ),
            region_chart=bar_chart(
                [
                    (label, round(100 * (counts[0] + counts[1]) / max(1, sum(counts))))
                    for _, label, counts in by_region.rows
                ],
                title="Share of organisations at Standards Met or better, by region",
                unit="%",
            ),
            gaps=gaps,
            year=year,
        ),
    )
