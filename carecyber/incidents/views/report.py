"""Reporting: the short form anyone in an organisation can fill in, the thank-you, and their own reports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.incidents import access, queries, services
from carecyber.incidents.engine.catalogue import catalogue
from carecyber.incidents.forms import ReportForm, local_input_value
from carecyber.incidents.views.common import form_submit, page

_LAST_REPORT = "incidents:last_report"


def category_radios(form: ReportForm) -> dict[str, Any]:
    """The categories as NHS.UK radios, grouped under plain headings, each with its hint."""
    bf = form["category"]
    chosen = str(bf.value() or "")
    items: list[dict[str, Any]] = []
    for group, categories in catalogue().by_group():
        items.append({"divider": group.label})
        for c in categories:
            items.append({"value": c.key, "text": c.label, "hint": {"text": c.hint}, "checked": c.key == chosen})
    # The first real item carries the field's id, so the error summary's link lands on it.
    first = next(i for i in items if "value" in i)
    first["id"] = "category"
    return {
        "name": "category",
        "idPrefix": "category",
        "classes": "cc-category-radios",
        "fieldset": {"legend": {"text": str(bf.label), "size": "m"}},
        "items": items,
        "errorMessage": {"text": " ".join(str(e) for e in bf.errors)} if bf.errors else None,
    }


@member_required
def report(request: AppRequest) -> HttpResponse:
    if not access.can_report(request.actor) or request.actor.organisation is None:
        raise PermissionDenied("Only people in an organisation can report an incident")
    now = local_input_value(timezone.now())
    form = ReportForm(request.POST or None, initial={"occurred_at": now, "aware_at": now})
    incident = form_submit(
        request,
        form,
        lambda d: services.incident_report(actor=request.actor, data=services.ReportInput.from_answers(d)),
    )
    if incident is not None:
        # The thank-you page is shown to the person who reported, even anonymously, from their session only.
        request.session[_LAST_REPORT] = {"id": incident.pk, "anonymous": incident.anonymous}
        return redirect("incidents:report-thanks")
    return page(
        request,
        "incidents/report.jinja",
        {
            "page_title": "Report an incident",
            "form": form,
            "category_params": category_radios(form),
            "organisation": request.actor.organisation,
        },
    )


@member_required
def report_thanks(request: AppRequest) -> HttpResponse:
    last = request.session.get(_LAST_REPORT)
    if not isinstance(last, dict):
        return redirect("incidents:my-reports")
    incident = queries.case_for_reporter_thanks(request.actor, int(last["id"]))
    if incident is None:
        raise Http404("No such report")
    category = catalogue().category(incident.category)
    playbook = catalogue().playbook(category.playbook) if category.playbook else None
    return page(
        request,
        "incidents/report_thanks.jinja",
        {
            "page_title": "Thank you for reporting this",
            "incident": incident,
            "anonymous": bool(last.get("anonymous")),
            "category": category,
            "playbook": playbook,
        },
    )


@member_required
def my_reports(request: AppRequest) -> HttpResponse:
    reports = queries.my_reports(request.actor).select_related("organisation")
    pg = paginate(reports, request.GET, per_page=25)
    return page(
        request,
        "incidents/my_reports.jinja",
        {"page_title": "Your incident reports", "page": pg, "pagination": pagination_params(pg, request.GET)},
    )


@member_required
def my_report(request: AppRequest, number: int) -> HttpResponse:
    incident = queries.my_report(request.actor, number)
    can_open_case = access.rights(request.actor, incident).view
    return page(
        request,
        "incidents/my_report.jinja",
        {"page_title": f"Your report {incident.reference}", "incident": incident, "can_open_case": can_open_case},
    )
