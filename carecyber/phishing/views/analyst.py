"""The analyst queue: filters and CSV, one report shown safely, the raw download, overrides and feedback export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.views.errors import apply_validation_error
from carecyber.phishing import access, queries, services_analyst
from carecyber.phishing import presenters_analyst as p
from carecyber.phishing.engine import defang, triage
from carecyber.phishing.forms_analyst import OverrideForm, QueueFilterForm
from carecyber.phishing.models import PhishingReport
from carecyber.phishing.safe_render import defang_note, defang_reason, defang_text, defanged_target, sanitise_html

CSV_LIMIT = 50_000
PAGE_SIZE = 50


class _Echo:
    def write(self, value: str) -> str:
        return value


def page(request: AppRequest, template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    return render(request, template, {"p": p, **context}, status=status)


def require_queue(request: AppRequest) -> None:
    if not access.can_view_queue(request.actor):
        raise PermissionDenied("The queue is for security leads, auditors and the national team")


def filters_from(form: QueueFilterForm) -> queries.QueueFilters:
    d = form.cleaned_data if form.is_valid() else {}
    return queries.QueueFilters(
        verdict=d.get("verdict") or "",
        status=d.get("status") or "",
        route=d.get("route") or "",
        overridden=d.get("overridden") or "",
        received_from=d.get("received_from"),
        received_to=d.get("received_to"),
        campaign=d.get("campaign") or "",
        organisation=d.get("organisation") or "",
        q=d.get("q") or "",
    )


@member_required
def queue(request: AppRequest) -> HttpResponseBase:
    require_queue(request)
    national = request.actor.is_national
    form = QueueFilterForm(request.GET, national=national)
    reports = queries.analyst_queue(request.actor, filters_from(form)).defer(
        "reasons",
        "indicators",
        "fp_url_domains",
        "fp_attachment_hashes",
        "campaign__indicators",
        "campaign__fp_url_domains",
        "campaign__fp_attachment_hashes",
    )
    if request.GET.get("format") == "csv":
        return _queue_csv(reports)
    found = paginate(reports, request.GET, per_page=PAGE_SIZE)
    keep = request.GET.copy()
    keep.pop("page", None)
    return page(
        request,
        "phishing/analyst_queue.jinja",
        {
            "page_title": "Reported emails",
            "form": form,
            "found": found,
            "pagination": pagination_params(found, request.GET),
            "csv_query": keep.urlencode(),
            "national": national,
            "organisation": request.actor.organisation,
        },
    )


def _queue_csv(reports: Any) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(
            [
                "reference",
                "organisation code",
                "received",
                "route",
                "status",
                "subject",
                "sender",
                "engine verdict",
                "engine score",
                "verdict",
                "changed by an analyst",
                "campaign",
            ]
        )
        for r in reports[:CSV_LIMIT].iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    r.reference,
                    r.organisation.code if r.organisation else "",
                    r.received_at.isoformat(),
                    r.route,
                    r.status,
                    p.csv_safe(r.subject),
                    p.csv_safe(defang(r.from_address)) if r.from_address else "",
                    r.engine_verdict,
                    "" if r.engine_score is None else r.engine_score,
                    r.verdict,
                    "yes" if r.overridden else "no",
                    r.campaign.reference if r.campaign else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="carecyber-phishing-reports.csv"'
    return response


def _defanged_indicators(indicators: object) -> list[tuple[str, list[str]]]:
    if not isinstance(indicators, dict):
        return []
    shown = []
    for kind, label in p.INDICATOR_LABELS.items():
        values = [v for v in indicators.get(kind) or [] if isinstance(v, str)]
        if values:
            shown.append((label, [v if kind == "sha256" else defanged_target(v) for v in values[:200]]))
    return shown


def _reasons(report: PhishingReport) -> list[dict[str, Any]]:
    reasons = report.reasons if isinstance(report.reasons, list) else []
    shown = [{**r, "text": defang_reason(str(r.get("text", "")))} for r in reasons if isinstance(r, dict)]
    return sorted(shown, key=lambda r: -r["weight"] if isinstance(r.get("weight"), int) else 0)


@member_required
def report_detail(request: AppRequest, pk: int) -> HttpResponse:
    require_queue(request)
    report = queries.report_for_analyst(request.actor, pk)
    return _detail_page(request, report, OverrideForm(initial={"verdict": report.verdict or None}))


def _detail_page(request: AppRequest, report: PhishingReport, form: OverrideForm, *, status: int = 200) -> HttpResponse:
    raw = queries.raw_message_for_analyst(request.actor, report)
    result = triage(bytes(raw.data)) if raw is not None else None
    message = result.message if result is not None else None
    return page(
        request,
        "phishing/analyst_report.jinja",
        {
            "page_title": f"{report.reference}: {report.subject or '(no subject)'}",
            "report": report,
            "raw": raw,
            "message": message,
            "html_body": sanitise_html(message.html_body) if message is not None and message.html_body else None,
            "text_body": defang_text(message.text_body) if message is not None else "",
            "headers": [(name, defang_text(value)) for name, value in message.headers[:300]] if message else [],
            "reasons": _reasons(report),
            # What the engine did before judging: a forward taken apart, link protection undone, limits applied.
            "notes": [defang_note(note) for note in result.notes[:20]] if result is not None else [],
            "indicators": _defanged_indicators(report.indicators),
            "sender": defang(report.from_address) if report.from_address else "",
            "overrides": list(report.overrides.select_related("analyst")[:50]),
            "can_override": access.can_override(request.actor),
            "form": form,
        },
        status=status,
    )


@require_POST
@member_required
def report_override(request: AppRequest, pk: int) -> HttpResponse:
    require_queue(request)
    report = queries.report_for_analyst(request.actor, pk)
    if not access.can_override(request.actor):
        raise PermissionDenied("Your role can look at reports but not change a verdict")
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services_analyst.report_override(
                actor=request.actor,
                report=report,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"The verdict is now {p.verdict_label(report.verdict).lower()}.")
            return redirect("phishing:analyst-report", report.pk)
    return _detail_page(request, report, form, status=400)


@member_required
def report_raw(request: AppRequest, pk: int, outlook: bool = False) -> HttpResponse:
    require_queue(request)
    report = queries.report_for_analyst(request.actor, pk)
    try:
        raw = services_analyst.report_raw_download(actor=request.actor, report=report, outlook=outlook)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("phishing:analyst-report", report.pk)
    response = HttpResponse(bytes(raw.original if outlook else raw.data), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.{"msg" if outlook else "eml"}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required
def feedback_export(request: AppRequest) -> HttpResponseBase:
    """Every override as labelled feedback, for the national team to tune the engine (JSON lines or CSV)."""
    if not request.actor.is_national:
        raise PermissionDenied("The feedback export is for the national team")
    overrides = queries.feedback_for_tuning(request.actor)

    def record(o: Any) -> dict[str, Any]:
        reasons = o.report.reasons if isinstance(o.report.reasons, list) else []
        return {
            "report": o.report.reference,
            "sha256": o.report.raw.sha256 if hasattr(o.report, "raw") else "",
            "engine_verdict": o.report.engine_verdict,
            "engine_score": o.engine_score,
            "verdict_before": o.verdict_before,
            "analyst_verdict": o.verdict,
            "note": o.note,
            "reason_codes": [str(r.get("code", "")) for r in reasons if isinstance(r, dict)],
            "at": o.created_at.isoformat(),
        }

    rows = overrides[:CSV_LIMIT]
    if request.GET.get("format") == "csv":
        writer = csv.writer(_Echo())

        def lines() -> Iterator[str]:
            yield writer.writerow(
                [
                    "report",
                    "sha256",
                    "engine verdict",
                    "engine score",
                    "verdict before",
                    "analyst verdict",
                    "note",
                    "reason codes",
                    "at",
                ]
            )
            for o in rows.iterator(chunk_size=2000):
                r = record(o)
                yield writer.writerow(
                    [
                        r["report"],
                        r["sha256"],
                        r["engine_verdict"],
                        r["engine_score"],
                        r["verdict_before"],
                        r["analyst_verdict"],
                        p.csv_safe(r["note"]),
                        " ".join(r["reason_codes"]),
                        r["at"],
                    ]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="carecyber-phishing-feedback.csv"'
        return response
    response = StreamingHttpResponse(
        (json.dumps(record(o), ensure_ascii=False) + "\n" for o in rows.iterator(chunk_size=2000)),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="carecyber-phishing-feedback.jsonl"'
    return response
