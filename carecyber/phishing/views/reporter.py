"""The reporter's pages: report an email (upload or paste), their reports, one report with its verdict."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.views.errors import apply_validation_error
from carecyber.phishing import access, presenters_reporter, queries
from carecyber.phishing.forms_reporter import ClickedForm, ReportEmailForm
from carecyber.phishing.models import Route
from carecyber.phishing.services.reporting import max_message_bytes, report_mark_clicked, report_submit

_JUST_REPORTED = "phishing:just_reported"


def _require_reporter(request: AppRequest) -> None:
    if not access.can_report(request.actor) or request.actor.organisation is None:
        raise PermissionDenied("Only people in an organisation can report a suspicious email")


@member_required
def report_form(request: AppRequest) -> HttpResponse:
    _require_reporter(request)
    posted = request.method == "POST"
    form = ReportEmailForm(request.POST, request.FILES) if posted else ReportEmailForm()
    if posted and form.is_valid():
        upload = form.cleaned_data.get("message_file")
        if upload is not None:
            raw = upload.read(max_message_bytes() + 1)
            route, filename = Route.UPLOAD, str(upload.name or "")
        else:
            raw = form.cleaned_data["source"].encode("utf-8", errors="surrogateescape")
            route, filename = Route.PASTE, ""
        try:
            report = report_submit(actor=request.actor, raw=raw, route=route, filename=filename)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            request.session[_JUST_REPORTED] = report.pk
            return redirect("phishing:my-report", report.pk)
    return render(
        request,
        "phishing/report_form.jinja",
        {
            "page_title": "Report a suspicious email",
            "form": form,
            "organisation": request.actor.organisation,
            "max_mb": max_message_bytes() // (1024 * 1024),
        },
    )


@member_required
def my_reports(request: AppRequest) -> HttpResponse:
    reports = queries.reports_of_reporter(request.actor).defer("reasons", "indicators")
    pg = paginate(reports, request.GET, per_page=25)
    return render(
        request,
        "phishing/my_reports.jinja",
        {
            "page_title": "Your reported emails",
            "page": pg,
            "pagination": pagination_params(pg, request.GET),
            "pr": presenters_reporter,
        },
    )


@member_required
def my_report(request: AppRequest, pk: int) -> HttpResponse:
    report = queries.report_of_reporter(request.actor, pk)
    just_reported = request.session.pop(_JUST_REPORTED, None) == report.pk
    return render(
        request,
        "phishing/my_report.jinja",
        {
            "page_title": f"Your report {report.reference}",
            "report": report,
            "advice": presenters_reporter.advice_for(report),
            "reasons": presenters_reporter.reasons_for_reporter(report),
            "tag": presenters_reporter.tag(report),
            "just_reported": just_reported,
            "checking": report.status == "received",
        },
    )


@member_required
@require_POST
def my_report_clicked(request: AppRequest, pk: int) -> HttpResponse:
    report = queries.report_of_reporter(request.actor, pk)
    form = ClickedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether you clicked a link or entered your password")
        return redirect("phishing:my-report", report.pk)
    kind = form.cleaned_data["kind"]
    _report, incident = report_mark_clicked(actor=request.actor, report=report, kind=kind)
    if kind == "entered_password":
        messages.success(
            request,
            f"Thank you for telling us. Your security lead has been told (incident {incident.reference}). "
            "Change your password now, and anywhere else you use the same one.",
        )
    else:
        messages.success(
            request,
            f"Thank you for telling us. Your security lead has been told (incident {incident.reference}) "
            "and may get in touch. If the link asked for your password and you typed it, tell us that too.",
        )
    return redirect("phishing:my-report", report.pk)
