"""Advisories: the list (public for TLP:CLEAR), one advisory, and the national team's writing pages."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from carecyber.alerts import forms, presenters, queries, services
from carecyber.alerts.engine.changes import differences
from carecyber.alerts.engine.markdown import render as render_markdown
from carecyber.alerts.models import AdvisoryStatus, ResponseState
from carecyber.alerts.permissions import can_publish, can_respond, can_view_responses
from carecyber.alerts.services.exports import advisory_csaf, advisory_data, advisory_stix_bundle
from carecyber.alerts.views.common import csv_response, need
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.views.errors import apply_validation_error


def advisory_list(request: AppRequest) -> HttpResponse:
    """Everyone sees what their TLP level allows; visitors who are not signed in see TLP:CLEAR."""
    form = forms.AdvisoryFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    actor = request.actor
    mine = bool(filters.get("mine")) and actor.membership is not None
    advisories = queries.advisories_for(
        actor,
        status=filters.get("status", ""),
        severity=filters.get("severity", ""),
        search=filters.get("q", ""),
        mine=mine,
    )
    page = paginate(advisories, request.GET, per_page=25)
    rows = [
        {
            "advisory": a,
            "severity": presenters.severity_tag(a),
            "tlp": presenters.tlp_tag(a),
            "status": presenters.status_tag(a),
        }
        for a in page.object_list
    ]
    return render(
        request,
        "alerts/advisory_list.jinja",
        {
            "page_title": "Threat alerts",
            "form": form,
            "page": page,
            "rows": rows,
            "pagination": pagination_params(page, request.GET),
            "can_publish": can_publish(actor) and actor.user is not None,
            "signed_in": actor.membership is not None,
        },
    )


def advisory_detail(request: AppRequest, reference: str) -> HttpResponse:
    actor = request.actor
    advisory = queries.advisory_for(actor, reference)
    data = advisory_data(advisory)
    changes = []
    seen_before = queries.last_seen_revision(actor, advisory)
    if seen_before is not None and seen_before < advisory.revision:
        old = queries.revision_for(advisory, seen_before)
        new = queries.revision_for(advisory, advisory.revision)
        if old is not None and new is not None:
            changes = differences(old.content(), new.content())
    services.advisory_mark_seen(actor=actor, advisory=advisory)

    responses = []
    events = []
    form = None
    if actor.membership is not None and can_view_responses(actor) and not actor.is_national:
        responses = list(queries.responses_to(actor, advisory))
        events = list(queries.events_of(actor, responses)[:50])
        open_ones = [r for r in responses if r.state != ResponseState.CLOSED]
        if can_respond(actor) and open_ones and advisory.status == AdvisoryStatus.PUBLISHED:
            form = forms.RespondForm(
                choices=[(r.pk, f"{r.organisation.name} ({r.organisation.code})") for r in open_ones]
            )
    figures = None
    if actor.is_national and advisory.revision:
        figures = queries.advisory_figures(actor, [advisory])[0]
    delivery = queries.delivery_progress(actor, advisory)
    return render(
        request,
        "alerts/advisory_detail.jinja",
        {
            "page_title": f"{advisory.reference}: {advisory.title}",
            "advisory": advisory,
            "data": data,
            "severity": presenters.severity_tag(advisory),
            "tlp": presenters.tlp_tag(advisory),
            "status": presenters.status_tag(advisory),
            "remediation_html": render_markdown(advisory.remediation),
            "changes": changes,
            "seen_before": seen_before,
            "cves": list(advisory.cves.all()),
            "products": list(advisory.products.all()),
            "indicators": {k: [presenters.defang(v) for v in vs] for k, vs in (advisory.indicators or {}).items()},
            "responses": [presenters.response_row(r) for r in responses],
            "events": events,
            "form": form,
            "figures": figures,
            "delivery": delivery,
            "revisions": list(advisory.revisions.order_by("-number")[:20]) if actor.membership else [],
            "can_publish": can_publish(actor) and actor.user is not None,
            "signed_in": actor.membership is not None,
        },
    )


def _form_page(request: AppRequest, form: forms.AdvisoryForm, *, advisory: object, title: str) -> HttpResponse:
    return render(request, "alerts/advisory_form.jinja", {"page_title": title, "form": form, "advisory": advisory})


@member_required
def advisory_create(request: AppRequest) -> HttpResponse:
    need(can_publish(request.actor), "write advisories")
    form = forms.AdvisoryForm(request.POST or None, initial={"severity": "medium", "tlp": "clear"})
    if request.method == "POST" and form.is_valid():
        try:
            advisory = services.advisory_create(actor=request.actor, data=form.to_input())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Draft {advisory.reference} saved. Check it, then publish it.")
            return redirect("alerts:advisory-detail", advisory.reference)
    return _form_page(request, form, advisory=None, title="Write an advisory")


@member_required
def advisory_edit(request: AppRequest, reference: str) -> HttpResponse:
    need(can_publish(request.actor), "change advisories")
    advisory = queries.advisory_for(request.actor, reference)
    known = {c.cve_id: c for c in advisory_data(advisory).cves}
    form = forms.AdvisoryForm(request.POST or None, initial=forms.advisory_initial(advisory), known_cves=known)
    if request.method == "POST" and form.is_valid():
        try:
            services.advisory_update(
                actor=request.actor,
                advisory=advisory,
                data=form.to_input(source=advisory),
                change_summary=form.cleaned_data["change_summary"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            done = "Revision saved and sent" if advisory.status == AdvisoryStatus.PUBLISHED else "Draft saved"
            messages.success(request, f"{done}.")
            return redirect("alerts:advisory-detail", advisory.reference)
    return _form_page(request, form, advisory=advisory, title=f"Change {advisory.reference}")


@member_required
def advisory_publish(request: AppRequest, reference: str) -> HttpResponse:
    need(can_publish(request.actor), "publish advisories")
    advisory = queries.advisory_for(request.actor, reference)
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fanout = services.advisory_publish(actor=request.actor, advisory=advisory, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                f"{advisory.reference} is published. Targeting and emails are under way (job {fanout.pk}): "
                "'Who has been told' on this page shows how far they have got.",
            )
            return redirect("alerts:advisory-detail", advisory.reference)
    return render(
        request,
        "alerts/advisory_publish.jinja",
        {
            "page_title": f"Publish {advisory.reference}",
            "advisory": advisory,
            "form": form,
            "products": list(advisory.products.all()),
        },
    )


@member_required
def advisory_withdraw(request: AppRequest, reference: str) -> HttpResponse:
    need(can_publish(request.actor), "withdraw advisories")
    advisory = queries.advisory_for(request.actor, reference)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advisory_withdraw(actor=request.actor, advisory=advisory, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{advisory.reference} is withdrawn; everyone it reached is being told.")
            return redirect("alerts:advisory-detail", advisory.reference)
    return render(
        request,
        "alerts/advisory_withdraw.jinja",
        {"page_title": f"Withdraw {advisory.reference}", "advisory": advisory, "form": form},
    )


@require_POST
@member_required
def advisory_delete(request: AppRequest, reference: str) -> HttpResponse:
    need(can_publish(request.actor), "delete drafts")
    advisory = queries.advisory_for(request.actor, reference)
    try:
        services.advisory_delete_draft(actor=request.actor, advisory=advisory)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("alerts:advisory-detail", advisory.reference)
    messages.success(request, f"Draft {advisory.reference} deleted.")
    return redirect("alerts:advisory-list")


def _download(body: dict[str, object], filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(json.dumps(body, indent=2, ensure_ascii=False), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def advisory_stix(request: AppRequest, reference: str) -> HttpResponse:
    advisory = queries.advisory_for(request.actor, reference)
    return _download(
        advisory_stix_bundle(advisory), f"{advisory.reference}.stix.json", "application/stix+json;version=2.1"
    )


def advisory_csaf_download(request: AppRequest, reference: str) -> HttpResponse:
    advisory = queries.advisory_for(request.actor, reference)
    return _download(advisory_csaf(advisory), f"{advisory.reference}.csaf.json", "application/json")


@member_required
def advisory_history(request: AppRequest, reference: str) -> HttpResponse:
    advisory = queries.advisory_for(request.actor, reference)
    revisions = list(advisory.revisions.order_by("number"))
    steps = []
    for previous, current in zip([None, *revisions[:-1]], revisions, strict=True):
        steps.append(
            {
                "revision": current,
                "changes": differences(previous.content(), current.content()) if previous is not None else [],
            }
        )
    return render(
        request,
        "alerts/advisory_history.jinja",
        {"page_title": f"History of {advisory.reference}", "advisory": advisory, "steps": list(reversed(steps))},
    )


@member_required
def advisory_organisations(request: AppRequest, reference: str) -> HttpResponseBase:
    """Every targeted organisation the actor may see, with its response (CSV too)."""
    need(can_view_responses(request.actor), "see responses")
    advisory = queries.advisory_for(request.actor, reference)
    responses = queries.responses_to(request.actor, advisory)
    state = request.GET.get("state", "")
    if state in ResponseState.values:
        responses = responses.filter(state=state)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{advisory.reference}-responses.csv",
            [
                "organisation",
                "code",
                "state",
                "targeted",
                "acknowledged",
                "applicability",
                "outcome",
                "next update due",
                "why",
            ],
            (
                [
                    r.organisation.name,
                    r.organisation.code,
                    r.state,
                    r.targeted_at.isoformat(),
                    r.acknowledged_at.isoformat() if r.acknowledged_at else "",
                    r.applicability,
                    r.outcome,
                    r.next_update_due_at.isoformat() if r.next_update_due_at else "",
                    (r.reasons[0]["reason"] if r.reasons else r.rule_reason),
                ]
                for r in responses.iterator(2000)
            ),
        )
    page = paginate(responses, request.GET, per_page=50)
    return render(
        request,
        "alerts/advisory_organisations.jinja",
        {
            "page_title": f"Organisations targeted by {advisory.reference}",
            "advisory": advisory,
            "page": page,
            "rows": [presenters.response_row(r) for r in page.object_list],
            "pagination": pagination_params(page, request.GET),
            "state": state,
            "states": ResponseState.choices,
        },
    )


@member_required
def advisory_deliveries(request: AppRequest, reference: str) -> HttpResponseBase:
    """Every email of every revision as CSV, for the national team to find and fix the addresses that failed."""
    advisory = queries.advisory_for(request.actor, reference)
    emails = services.advisory_emails_export(actor=request.actor, advisory=advisory)
    return csv_response(
        f"{advisory.reference}-emails.csv",
        ["revision", "email", "name", "status", "attempts", "sent", "last error"],
        (
            [
                d.revision,
                d.email,
                d.name,
                d.status,
                d.attempts,
                d.sent_at.isoformat() if d.sent_at else "",
                d.last_error,
            ]
            for d in emails.iterator(2000)
        ),
    )
