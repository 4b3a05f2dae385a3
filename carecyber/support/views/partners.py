"""Support partners: their dashboard (filters, CSV, message a group), and the national team's coverage pages."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator, Sequence
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.models import Organisation, Region, SupportPartner
from carecyber.core.presenters.charts import bar_chart
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.views.errors import apply_validation_error
from carecyber.support import permissions
from carecyber.support.dashboard import DashboardColumn, dashboard_columns, dashboard_filters
from carecyber.support.forms import CoverageExceptionForm, GroupMessageForm
from carecyber.support.queries import partners as queries
from carecyber.support.services import partners as services

FILTER_KEYS_EXTRA = ("q", "partner")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _require_dashboard(request: AppRequest) -> None:
    if not permissions.can_use_partner_dashboard(request.actor):
        raise PermissionDenied("Only support partners and the national team use this dashboard")


def _filter_params(source: QueryDict, columns: Sequence[DashboardColumn]) -> dict[str, str]:
    """The dashboard's filters as chosen (search, partner, and each column's filters); nothing else."""
    keys = [*FILTER_KEYS_EXTRA, *(f.key for f in dashboard_filters(columns))]
    return {key: value for key in keys if (value := str(source.get(key, ""))[:200])}


def _select(key: str, label: str, choices: Sequence[tuple[str, str]], params: dict[str, str]) -> dict[str, object]:
    chosen = params.get(key, "")
    items = [{"value": value, "text": text, "selected": value == chosen} for value, text in choices]
    return {"key": key, "label": label, "items": items}


@member_required
def partner_dashboard(request: AppRequest) -> HttpResponseBase:
    _require_dashboard(request)
    actor = request.actor
    columns = dashboard_columns()
    params = _filter_params(request.GET, columns)
    organisations, chosen = queries.dashboard_organisations(actor, columns, params)
    if request.GET.get("format") == "csv":
        writer = csv.writer(_Echo())
        lines: Iterator[str] = (writer.writerow(row) for row in queries.dashboard_csv_rows(columns, organisations))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="carecyber-partner-organisations.csv"'
        return response
    page = paginate(organisations, request.GET)
    rows = queries.dashboard_rows(columns, list(page.object_list))
    selects = []
    if actor.is_national:
        partner_choices = [("", "Any partner"), (queries.NO_PARTNER, "No partner")]
        partner_choices += [(p.code, p.name) for p in SupportPartner.objects.order_by("name")]
        selects.append(_select("partner", "Support partner", partner_choices, params))
    selects += [_select(f.key, f.label, f.choices, params) for f in dashboard_filters(columns)]
    return render(
        request,
        "support/partner_dashboard.jinja",
        {
            "page_title": "Your organisations" if actor.is_partner else "Organisations and their support",
            "columns": columns,
            "rows": rows,
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "selects": selects,
            "params": params,
            "chosen": chosen,
            "query": urlencode(params),
        },
    )


@member_required
def group_message_new(request: AppRequest) -> HttpResponse:
    _require_dashboard(request)
    actor = request.actor
    columns = dashboard_columns()
    params = _filter_params(request.POST if request.method == "POST" else request.GET, columns)
    organisations, chosen = queries.dashboard_organisations(actor, columns, params)
    count = organisations.count()
    form = GroupMessageForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex, "essential": "no"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            message, created = services.group_message_send(
                actor=actor,
                organisation_ids=list(organisations.values_list("pk", flat=True)),
                filter_summary="; ".join(chosen) or "All your organisations",
                subject=data["subject"],
                body=data["body"],
                essential=bool(data["essential"]),
                idempotency_key=data["idempotency_key"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if created:
                messages.success(
                    request, f"Your message is on its way to {len(message.organisation_ids):,} organisations."
                )
            else:
                messages.info(request, "This message was already sent: it has not been sent again.")
            return redirect("support:group-message", message.pk)
    return render(
        request,
        "support/group_message_new.jinja",
        {
            "page_title": "Message these organisations",
            "form": form,
            "count": count,
            "chosen": chosen,
            "params": params,
            "query": urlencode(params),
        },
    )


@member_required
def group_messages(request: AppRequest) -> HttpResponse:
    _require_dashboard(request)
    page = paginate(queries.group_messages_for(request.actor), request.GET)
    return render(
        request,
        "support/group_messages.jinja",
        {"page_title": "Messages sent", "page": page, "pagination": pagination_params(page, request.GET)},
    )


@member_required
def group_message_detail(request: AppRequest, pk: int) -> HttpResponse:
    _require_dashboard(request)
    message = get_object_or_404(queries.group_messages_for(request.actor), pk=pk)
    return render(request, "support/group_message_detail.jinja", {"page_title": message.subject, "message": message})


# --- the national team's coverage pages --------------------------------------------------------------------


def _require_national(request: AppRequest) -> None:
    if not permissions.can_manage_coverage(request.actor):
        raise PermissionDenied("Only the national team manages partner coverage")


@member_required
def coverage(request: AppRequest) -> HttpResponse:
    _require_national(request)
    actor = request.actor
    rows = queries.partner_coverage(actor)
    by_region: dict[str, int] = {}
    for row in rows:
        by_region[row.partner.region] = by_region.get(row.partner.region, 0) + row.organisations
    chart_rows = [(label, by_region.get(value, 0)) for value, label in Region.choices]
    form = CoverageExceptionForm(
        request.POST or None, partners=[(p.code, p.name) for p in SupportPartner.objects.order_by("name")]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = Organisation.objects.visible_to(actor).filter(code=data["code"].strip().upper()).first()
        if organisation is None:
            form.add_error("code", "There is no organisation with that code")
        else:
            partner = SupportPartner.objects.filter(code=data["partner"]).first()
            try:
                services.coverage_exception_set(
                    actor=actor, organisation=organisation, partner=partner, reason=data["reason"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"{organisation.name} is now covered by {partner or 'the national team'}.")
                return redirect("support:coverage")
    return render(
        request,
        "support/coverage.jinja",
        {
            "page_title": "Partner coverage",
            "rows": rows,
            "chart": bar_chart(chart_rows, title="Organisations covered by a partner, by region"),
            "chart_rows": chart_rows,
            "uncovered": queries.uncovered_by_type(actor),
            "regions": Region.choices,
            "exceptions": queries.coverage_exceptions(actor)[:200],
            "form": form,
        },
    )


@member_required
def coverage_region(request: AppRequest, region: str) -> HttpResponse:
    _require_national(request)
    if region not in Region.values:
        raise Http404("No such region")
    actor = request.actor
    partners = queries.region_partners(region)
    if request.method == "POST":
        choices = {
            key.removeprefix("rule-"): str(request.POST.get(key, "")) for key in request.POST if key.startswith("rule-")
        }
        try:
            changed, moved = services.coverage_region_set(actor=actor, region=region, choices=choices)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            rules = f"{changed} rule{'s' if changed != 1 else ''}"
            messages.success(request, f"{rules} changed; {moved:,} organisations moved.")
        return redirect("support:coverage-region", region)
    return render(
        request,
        "support/coverage_region.jinja",
        {
            "page_title": f"Coverage in {queries.region_label(region)}",
            "region": region,
            "region_label": queries.region_label(region),
            "rows": queries.region_rules(actor, region),
            "partners": partners,
        },
    )


@require_POST
@member_required
def coverage_exception_clear(request: AppRequest, code: str) -> HttpResponse:
    _require_national(request)
    organisation = get_object_or_404(Organisation.objects.visible_to(request.actor), code=code.upper())
    services.coverage_exception_clear(actor=request.actor, organisation=organisation)
    messages.success(request, f"{organisation.name} now follows the rules again.")
    return redirect("support:coverage")


# --- unsubscribing -----------------------------------------------------------------------------------------


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts without a form; the signed token is the proof
def unsubscribe(request: AppRequest, token: str) -> HttpResponse:
    from carecyber.core.actor import Actor

    user = services.user_from_unsubscribe_token(token)
    if user is None:
        return render(
            request, "support/unsubscribe.jinja", {"page_title": "Link not recognised", "invalid": True}, status=404
        )
    done = False
    if request.method == "POST":
        services.message_preference_set(
            actor=Actor(user=user, membership=None, ip=request.META.get("REMOTE_ADDR")),
            user=user,
            non_essential_opt_out=True,
            via="one-click" if request.POST.get("List-Unsubscribe") == "One-Click" else "link",
        )
        done = True
    return render(request, "support/unsubscribe.jinja", {"page_title": "Unsubscribe", "done": done, "token": token})


@member_required
def message_preferences(request: AppRequest) -> HttpResponse:
    from carecyber.support.models import MessagePreference

    user = request.user
    preference = MessagePreference.objects.filter(user=user).first()
    if request.method == "POST":
        opt_out = request.POST.get("non_essential") == "no"
        services.message_preference_set(actor=request.actor, user=user, non_essential_opt_out=opt_out, via="settings")
        messages.success(request, "Your choice is saved.")
        return redirect("support:message-preferences")
    return render(
        request,
        "support/message_preferences.jinja",
        {"page_title": "Messages from support", "opted_out": bool(preference and preference.non_essential_opt_out)},
    )
