"""The national team: incidents shared with it, the national picture, linked groups and the notification rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.presenters.charts import bar_chart
from carecyber.incidents import access, queries, services
from carecyber.incidents.engine.grading import LEVEL_LABELS, LEVEL_SHORT, SCALE, Level
from carecyber.incidents.forms import GroupForm, GroupLinkForm, NationalFilterForm, RulesForm
from carecyber.incidents.models import IncidentGroupMember, NotificationRuleSet, number_from_reference
from carecyber.incidents.views.common import (
    CSV_LIMIT,
    apply_error,
    csv_download,
    csv_safe,
    form_submit,
    page,
    set_form_value,
)


def _require_outside_role(request: AppRequest) -> None:
    if request.actor.role not in {"national", "support_partner"}:
        raise PermissionDenied("This list is for the national team and support partners")


def _require_national(request: AppRequest) -> None:
    if request.actor.role != "national":
        raise PermissionDenied("This page is for the national team")


def _filters(form: NationalFilterForm) -> queries.NationalFilters:
    d = form.cleaned_data if form.is_valid() else {}
    return queries.NationalFilters(
        q=d.get("q", ""),
        category=d.get("category", ""),
        region=d.get("region", ""),
        status=d.get("status", ""),
        notifiable=d.get("notifiable", ""),
        help=bool(d.get("help")),
    )


@member_required
def national_list(request: AppRequest) -> HttpResponseBase:
    _require_outside_role(request)
    form = NationalFilterForm(request.GET)
    filters = _filters(form)
    if request.GET.get("format") == "csv":
        return _csv(request, filters)
    result = queries.national_page(
        request.actor, filters, after=request.GET.get("after", "")[:200], before=request.GET.get("before", "")[:200]
    )
    keep = request.GET.copy()
    for key in ("after", "before"):
        keep.pop(key, None)
    base_query = keep.urlencode()
    return page(
        request,
        "incidents/national_list.jinja",
        {
            "page_title": "Incidents shared with the national team",
            "form": form,
            "result": result,
            "base_query": base_query,
            "now": timezone.now(),
            "help_requests": queries.open_help_requests(request.actor) if request.actor.role == "national" else [],
            "is_national": request.actor.role == "national",
        },
    )


def _csv(request: AppRequest, filters: queries.NationalFilters) -> StreamingHttpResponse:
    from carecyber.incidents import presenters

    found = (
        queries.national_incidents(request.actor, filters)
        .select_related("organisation")
        .order_by("-reported_at", "-id")
    )
    header = [
        "reference",
        "organisation code",
        "organisation",
        "region",
        "reported",
        "kind",
        "status",
        "band",
        "notifiable",
        "help requested",
        "summary",
    ]
    rows = (
        [
            i.reference,
            i.organisation.code,
            csv_safe(i.organisation.name),
            presenters.region_label(i.region),
            i.reported_at.isoformat(),
            presenters.category_label(i.category),
            i.get_status_display(),
            i.band,
            "yes" if i.notifiable else "no",
            "yes" if i.help_requested else "no",
            csv_safe(i.summary),
        ]
        for i in found[:CSV_LIMIT].iterator(chunk_size=2000)
    )
    return csv_download("carecyber-national-incidents.csv", header, rows)


@member_required
def national_picture(request: AppRequest) -> HttpResponseBase:
    _require_national(request)
    try:
        days = int(request.GET.get("days", "90"))
    except ValueError:
        days = 90
    picture = queries.national_picture(request.actor, days=days)
    if request.GET.get("format") == "csv":
        header = ["kind", *[label for _, label in picture.regions], "all regions"]
        rows = []
        for key, label in picture.categories:
            counts = [picture.cells.get((key, region), 0) for region, _ in picture.regions]
            rows.append([label, *counts, sum(counts)])
        return csv_download(f"carecyber-incidents-picture-{picture.days}-days.csv", header, rows)
    return page(
        request,
        "incidents/national_picture.jinja",
        {
            "page_title": "The national picture of incidents",
            "picture": picture,
            "category_chart": bar_chart(
                [r for r in picture.by_category if r[1]] or picture.by_category[:5],
                title=f"Incidents by kind, last {picture.days} days",
            ),
            "region_chart": bar_chart(picture.by_region, title=f"Incidents by region, last {picture.days} days"),
            "windows": queries.PICTURE_WINDOWS,
        },
    )


@member_required
def groups(request: AppRequest) -> HttpResponse:
    _require_national(request)
    form = GroupForm(request.POST or None)
    group = form_submit(
        request,
        form,
        lambda d: services.group_create(actor=request.actor, title=d["title"], summary=d["summary"]),
        "The group has been created. Now link incidents to it.",
    )
    if group is not None:
        return redirect("incidents:group", group.pk)
    return page(
        request,
        "incidents/groups.jinja",
        {
            "page_title": "Incidents linked across organisations",
            "groups": list(queries.groups(request.actor)[:200]),
            "form": form,
        },
    )


@member_required
def group_detail(request: AppRequest, pk: int) -> HttpResponse:
    _require_national(request)
    group = queries.group_for(request.actor, pk)
    form = GroupLinkForm(request.POST or None, initial={"reference": request.GET.get("reference", "")})

    def link(data: dict[str, Any]) -> IncidentGroupMember:
        number = number_from_reference(data["reference"])
        if number is None:
            raise ValidationError({"reference": "Enter a reference like INC-000123"})
        try:
            incident = queries.case_for(request.actor, number)
        except Http404:
            raise ValidationError(
                {"reference": "No incident with that reference has been shared with the national team"}
            ) from None
        return services.group_link(actor=request.actor, group=group, incident=incident)

    member = form_submit(request, form, link, lambda m: f"{m.incident.reference} has been linked.")
    if member is not None:
        return redirect("incidents:group", group.pk)
    return page(
        request,
        "incidents/group_detail.jinja",
        {
            "page_title": group.title,
            "group": group,
            "members": queries.group_members(request.actor, group),
            "form": form,
        },
    )


@require_POST
@member_required
def group_unlink(request: AppRequest, pk: int, member_id: int) -> HttpResponse:
    _require_national(request)
    group = queries.group_for(request.actor, pk)
    member = (
        IncidentGroupMember.objects.visible_to(request.actor)
        .filter(group=group, pk=member_id)
        .select_related("incident", "group")
        .first()
    )
    if member is None:
        raise Http404("Not in this group")
    services.group_unlink(actor=request.actor, member=member)
    messages.success(request, f"{member.incident.reference} has been unlinked.")
    return redirect("incidents:group", group.pk)


@member_required
def rules(request: AppRequest) -> HttpResponse:
    """Everyone who grades can read the rules; the national team changes them."""
    current = services.rules_active()
    can_edit = access.can_edit_rules(request.actor)
    form = RulesForm(request.POST or None, initial=RulesForm.initial_from(current)) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only the national team can change the notification rules")
        if form.is_valid():
            d = form.cleaned_data
            try:
                saved = services.rules_update(
                    actor=request.actor,
                    based_on=d["based_on"],
                    cells=form.cells(),
                    likelihood_uplift=d["likelihood_uplift"],
                    severity_uplift=d["severity_uplift"],
                    note=d["note"],
                )
            except ValidationError as exc:
                set_form_value(form, "based_on", str(services.rules_active().version))
                apply_error(form, exc)
                current = services.rules_active()
            else:
                messages.success(request, f"Version {saved.version} of the notification rules is now in force.")
                return redirect("incidents:rules")
    history = list(NotificationRuleSet.objects.order_by("-id")[:20])
    return page(
        request,
        "incidents/rules.jinja",
        {
            "page_title": "Notification rules",
            "rules": current,
            "form": form,
            "scale": list(SCALE),
            "level_labels": {level.value: LEVEL_LABELS[level] for level in Level},
            "level_short": {level.value: LEVEL_SHORT[level] for level in Level},
            "history": history,
        },
    )
