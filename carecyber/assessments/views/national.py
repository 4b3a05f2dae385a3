"""The national team's views (every organisation's status, plans to agree, frameworks) and the partner's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from carecyber.assessments import national, queries
from carecyber.assessments.assure import status_grids
from carecyber.assessments.engine.frameworks import FrameworkFileError
from carecyber.assessments.engine.status import STATUS_LABELS, STATUS_ORDER, Status
from carecyber.assessments.forms import FrameworkImportForm, NationalFilterForm
from carecyber.assessments.models import Framework, Item, OrganisationStatus
from carecyber.assessments.permissions import ToolkitPerm, toolkit_requires
from carecyber.assessments.presenters import risk_tag
from carecyber.assessments.queries import toolkit_summary_for
from carecyber.assessments.services import frameworks as framework_services
from carecyber.assessments.views.common import base_context, csv_response, wants_csv
from carecyber.core.http import AppRequest
from carecyber.core.models import Organisation
from carecyber.core.presenters.charts import bar_chart
from carecyber.core.presenters.pagination import paginate, pagination_params

CSV_LIMIT = 100_000


@toolkit_requires(ToolkitPerm.NATIONAL)
def national_view(request: AppRequest) -> HttpResponse:
    actor = request.actor
    form = NationalFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    orgs = national.organisations(actor, filters)
    if wants_csv(request):
        return csv_response(
            "carecyber-toolkit-status",
            ["code", "name", "type", "region", "status", "published on", "expires on", "percent complete"],
            (_csv_row(o) for o in orgs[:CSV_LIMIT].iterator(chunk_size=2000)),
        )
    by_region, by_type = status_grids(actor, filters=national.filters_q({**filters, "status": ""}))
    counts = national.status_counts(by_region.totals)
    page = paginate(orgs, request.GET, count=national.listed_count(counts, filters))
    return render(
        request,
        "assessments/national.jinja",
        base_context(
            request,
            page_title="Toolkit status across the country",
            form=form,
            counts=counts,
            total=sum(c.count for c in counts),
            chart=bar_chart([(c.label, c.count) for c in counts], title="Organisations by status"),
            page=page,
            pagination=pagination_params(page, request.GET),
            plans_waiting=queries.plans_waiting(actor).count(),
            by_region=by_region,
            by_type=by_type,
            statuses=STATUS_ORDER,
            status_labels=STATUS_LABELS,
            csv_query=request.GET.urlencode(),
        ),
    )


def _csv_row(org: Organisation) -> list[object]:
    try:
        row: OrganisationStatus | None = org.toolkit_status  # reverse one-to-one
    except OrganisationStatus.DoesNotExist:
        row = None
    status = Status(row.status) if row else Status.NOT_PUBLISHED
    return [
        org.code,
        org.name,
        org.get_type_display(),
        org.get_region_display(),
        STATUS_LABELS[status],
        row.published_on if row else "",
        row.expires_on if row else "",
        row.percent_complete if row else 0,
    ]


@toolkit_requires(ToolkitPerm.PLAN_AGREE)
def plans_waiting(request: AppRequest) -> HttpResponse:
    return render(
        request,
        "assessments/plans_waiting.jinja",
        base_context(
            request, page_title="Improvement plans to agree", plans=list(queries.plans_waiting(request.actor)[:200])
        ),
    )


@toolkit_requires(ToolkitPerm.VIEW)
def partner_view(request: AppRequest) -> HttpResponse:
    """A support partner's organisations with their progress and deadline risk."""
    actor = request.actor
    orgs = list(Organisation.objects.visible_to(actor).order_by("name")[:5000])
    summaries = toolkit_summary_for([o.pk for o in orgs])
    rows = [(o, summaries[o.pk]) for o in orgs]
    rows.sort(key=lambda r: (-["none", "low", "medium", "high", "missed"].index(r[1].deadline_risk.value), r[0].name))
    if wants_csv(request):
        return csv_response(
            "carecyber-partner-toolkit-progress",
            ["code", "name", "status", "percent complete", "published on", "deadline risk", "days left"],
            (
                [
                    o.code,
                    o.name,
                    s.status_label,
                    s.percent_complete,
                    s.published_on or "",
                    s.deadline_risk.label,
                    s.days_left,
                ]
                for o, s in rows
            ),
        )
    return render(
        request,
        "assessments/partner.jinja",
        base_context(request, page_title="Toolkit progress of your organisations", rows=rows, risk_tag=risk_tag),
    )


@toolkit_requires(ToolkitPerm.FRAMEWORKS)
def framework_list(request: AppRequest) -> HttpResponse:
    form = FrameworkImportForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    file_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raw = data["file"].read(5 * 1024 * 1024 + 1)
        try:
            if len(raw) > 5 * 1024 * 1024:
                raise ValidationError({"file": "A framework file can be at most 5 MB"})
            text = raw.decode("utf-8")
            spec = framework_services.read_framework_file(
                text, oscal=data["file_format"] == "oscal", slug=data.get("slug") or ""
            )
            result = framework_services.framework_import(
                actor=request.actor, spec=spec, make_current=data["make_current"]
            )
        except UnicodeDecodeError:
            form.add_error("file", "The file is not UTF-8 text: save it as UTF-8 and try again")
        except FrameworkFileError as exc:
            file_errors = exc.errors
            form.add_error(
                "file",
                f"The file has {len(exc.errors)} mistake{'s' if len(exc.errors) != 1 else ''}: nothing was loaded",
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            framework = result.framework
            messages.success(
                request,
                f"{framework.title} {framework.version} has been loaded."
                if result.created
                else f"{framework.title} {framework.version} was already loaded with the same content.",
            )
            return redirect("assessments:frameworks")
    return render(
        request,
        "assessments/frameworks.jinja",
        base_context(
            request,
            page_title="Frameworks",
            frameworks=list(Framework.objects.order_by("slug", "-imported_at")),
            form=form,
            file_errors=file_errors,
        ),
        status=400 if request.method == "POST" else 200,
    )


@toolkit_requires(ToolkitPerm.VIEW)
def framework_detail(request: AppRequest, slug: str, version: str) -> HttpResponseBase:
    framework = get_object_or_404(Framework, slug=slug, version=version)
    if request.GET.get("format") == "yaml":
        response = HttpResponse(
            framework_services.framework_export(framework), content_type="application/yaml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{framework.slug}-{framework.version}.yaml"'
        return response
    items = list(Item.objects.filter(framework=framework).select_related("standard", "assertion").order_by("position"))
    return render(
        request,
        "assessments/framework.jinja",
        base_context(
            request,
            page_title=framework.title,
            framework=framework,
            standards=list(framework.standards.order_by("position")),
            items=items,
            terms=framework.terms,
            profiles=(framework.spec or {}).get("profiles", []),
        ),
    )


@require_POST
@toolkit_requires(ToolkitPerm.FRAMEWORKS)
def framework_make_current(request: AppRequest, slug: str, version: str) -> HttpResponseBase:
    framework = get_object_or_404(Framework, slug=slug, version=version)
    framework_services.framework_set_current(actor=request.actor, framework=framework)
    messages.success(request, f"New assessments will use {framework.title} {framework.version}.")
    return redirect("assessments:frameworks")
