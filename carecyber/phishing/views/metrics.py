"""Reporting metrics: per organisation and per 100 staff, time to a verdict, share overridden; chart, table, CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBase, StreamingHttpResponse

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.charts import bar_chart
from carecyber.phishing import access, metrics
from carecyber.phishing import presenters_analyst as p
from carecyber.phishing.forms_analyst import MetricsForm
from carecyber.phishing.views.analyst import _Echo, page


@member_required
def metrics_page(request: AppRequest) -> HttpResponseBase:
    actor = request.actor
    if not (access.can_view_queue(actor) and (actor.is_national or actor.organisation is not None)):
        raise PermissionDenied("Reporting figures are for security leads, auditors and the national team")
    form = MetricsForm(request.GET)
    start, end = metrics.default_window()
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    want_csv = request.GET.get("format") == "csv"
    figures = metrics.compute(actor, start=start, end=end, all_organisations=want_csv)
    if want_csv:
        return _csv(figures)
    return page(
        request,
        "phishing/metrics.jinja",
        {
            "page_title": "Phishing reporting figures",
            "form": form,
            "m": figures,
            "national": actor.is_national,
            "month_chart": bar_chart([(row.label, row.reports) for row in figures.months], title="Reports by month"),
            "wait_chart": bar_chart(
                [(row.label, row.median_minutes or 0) for row in figures.months],
                title="Median time from receipt to verdict, by month",
                value_text=p.minutes_words,
            ),
            "query": request.GET.urlencode(),
        },
    )


def _csv(m: metrics.Metrics) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(
            [
                "section",
                "month or organisation code",
                "name",
                "reports",
                "staff",
                "reports per 100 staff",
                "with a verdict",
                "median minutes to verdict",
                "90th percentile minutes",
                "overridden",
                "overridden percent",
            ]
        )
        for row in m.months:
            yield writer.writerow(
                [
                    "month",
                    f"{row.month:%Y-%m}",
                    "",
                    row.reports,
                    "",
                    "",
                    row.with_verdict,
                    _blank(row.median_minutes),
                    _blank(row.p90_minutes),
                    row.overridden,
                    _blank(row.overridden_percent),
                ]
            )
        for org in m.organisations:
            yield writer.writerow(
                [
                    "organisation",
                    org.code,
                    p.csv_safe(org.name),
                    org.reports,
                    org.staff,
                    _blank(org.per_100_staff),
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="carecyber-phishing-figures-{m.start}-{m.end}.csv"'
    return response


def _blank(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
