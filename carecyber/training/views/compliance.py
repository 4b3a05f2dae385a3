"""Compliance for leads, auditors, partners and the national team; assignments, reminders, imports and exports."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from carecyber.core import queries as core_queries
from carecyber.core.http import AppRequest
from carecyber.core.presenters.charts import bar_chart
from carecyber.core.presenters.pagination import paginate, pagination_params
from carecyber.core.views.errors import apply_validation_error
from carecyber.training import queries, services
from carecyber.training.engine.xapi import CompletionFacts, statement
from carecyber.training.forms import AssignmentForm, CompletionsImportForm, PolicyForm
from carecyber.training.models import Assignment, Completion
from carecyber.training.permissions import TrainingPerm, can, requires
from carecyber.training.tasks import nudged_today

CSV_LIMIT = 200_000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(rows: Iterator[list[object]], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow(r) for r in rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(TrainingPerm.COMPLIANCE_VIEW)
def compliance(request: AppRequest, code: str) -> HttpResponseBase:
    organisation = core_queries.organisation_for(request.actor, code)
    figures = queries.organisation_compliance(request.actor, organisation)
    if request.GET.get("format") == "csv":

        def rows() -> Iterator[list[object]]:
            yield ["group", "name", "staff", "current", "percent", "target", "meets target"]
            for group, items in (("all", [figures.total]), ("role", figures.by_role), ("team", figures.by_team)):
                for r in items:
                    yield [group, r.label, r.staff, r.current, r.percent, r.target, "yes" if r.meets else "no"]

        return _csv(rows(), f"training-compliance-{organisation.code}.csv")
    return render(
        request,
        "training/compliance.jinja",
        {
            "page_title": f"Training compliance: {organisation.name}",
            "organisation": organisation,
            "figures": figures,
            "team_chart": bar_chart(
                [(r.label, r.percent) for r in figures.by_team[:20]],
                title="Share of staff up to date, by team",
                unit="%",
            ),
            "can_manage": can(request.actor, TrainingPerm.MANAGE),
        },
    )


@requires(TrainingPerm.COMPLIANCE_VIEW)
def overdue(request: AppRequest, code: str) -> HttpResponseBase:
    organisation = core_queries.organisation_for(request.actor, code)
    people = queries.overdue_people(request.actor, organisation)
    if request.GET.get("format") == "csv":

        def rows() -> Iterator[list[object]]:
            yield ["name", "email", "role", "team", "due or expired on"]
            for m in people[:CSV_LIMIT].iterator(chunk_size=2000):
                until = getattr(m, "valid_until", None)
                yield [m.user.full_name, m.user.email, m.get_role_display(), m.team, until.date() if until else ""]

        return _csv(rows(), f"training-overdue-{organisation.code}.csv")
    page = paginate(people, request.GET)
    return render(
        request,
        "training/overdue.jinja",
        {
            "page_title": f"Overdue training: {organisation.name}",
            "organisation": organisation,
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "can_manage": can(request.actor, TrainingPerm.MANAGE),
            "reminded_today": nudged_today(organisation),
            "first_due_days": queries.training_policy().first_due_days,
        },
    )


@require_POST
@requires(TrainingPerm.MANAGE)
def remind(request: AppRequest, code: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    count = queries.overdue_people(request.actor, organisation).count()
    services.reminders_request(actor=request.actor, organisation=organisation)
    messages.success(
        request,
        f"Reminders are on their way to the {count:,} people who are overdue. "
        "Anyone who already had one today will not get another.",
    )
    return redirect("training:overdue", organisation.code)


@requires(TrainingPerm.COMPLIANCE_VIEW)
def assignments(request: AppRequest, code: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    can_manage = can(request.actor, TrainingPerm.MANAGE)
    form = AssignmentForm(request.POST or None)
    form.fields["course"].queryset = queries.courses_for(request.actor).filter(is_core=False)  # type: ignore[attr-defined]  # a ModelChoiceField
    if request.method == "POST":
        if not can_manage:
            return redirect("training:assignments", organisation.code)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignment_create(
                    actor=request.actor,
                    organisation=organisation,
                    course=data["course"],
                    role=data["role"],
                    team=data["team"],
                    due_in_days=data["due_in_days"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"{data['course'].title} has been assigned.")
                return redirect("training:assignments", organisation.code)
    return render(
        request,
        "training/assignments.jinja",
        {
            "page_title": f"Assigned training: {organisation.name}",
            "organisation": organisation,
            "assignments": list(queries.assignments_of(request.actor, organisation)),
            "form": form,
            "can_manage": can_manage,
        },
    )


@require_POST
@requires(TrainingPerm.MANAGE)
def assignment_remove(request: AppRequest, code: str, pk: int) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    assignment = get_object_or_404(Assignment.objects.visible_to(request.actor), pk=pk, organisation=organisation)
    services.assignment_delete(actor=request.actor, assignment=assignment)
    messages.success(request, f"{assignment.course.title} is no longer assigned to those people.")
    return redirect("training:assignments", organisation.code)


def _facts(c: Completion) -> CompletionFacts:
    return CompletionFacts(
        certificate_code=c.certificate_code,
        name=c.user.full_name,
        email=c.user.email,
        course_slug=c.course.slug,
        course_title=c.course.title,
        course_version=c.course_version,
        completed_at=c.completed_at,
        expires_at=c.expires_at,
        score_percent=c.score_percent,
        organisation_code=c.organisation.code if c.organisation else "",
        source=c.source,
    )


def xapi_statements(completions: Iterator[Completion]) -> Iterator[dict[str, object]]:
    for c in completions:
        yield statement(_facts(c), site_url=settings.SITE_URL)


@requires(TrainingPerm.COMPLIANCE_VIEW)
def completions(request: AppRequest, code: str) -> HttpResponseBase:
    organisation = core_queries.organisation_for(request.actor, code)
    found = queries.completions_of(request.actor, organisation)
    export = request.GET.get("format")
    if export == "csv":

        def rows() -> Iterator[list[object]]:
            yield ["name", "email", "course", "version", "completed", "valid until", "score", "source", "certificate"]
            for c in found[:CSV_LIMIT].iterator(chunk_size=2000):
                yield [
                    c.user.full_name,
                    c.user.email,
                    c.course.slug,
                    c.course_version,
                    c.completed_at.date(),
                    c.expires_at.date(),
                    c.score_percent if c.score_percent is not None else "",
                    c.source,
                    c.certificate_code,
                ]

        return _csv(rows(), f"training-completions-{organisation.code}.csv")
    if export == "xapi":

        def chunks() -> Iterator[str]:
            yield "["
            for n, item in enumerate(xapi_statements(found[:CSV_LIMIT].iterator(chunk_size=2000))):
                yield ("," if n else "") + json.dumps(item)
            yield "]"

        response = StreamingHttpResponse(chunks(), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="xapi-statements-{organisation.code}.json"'
        return response
    page = paginate(found, request.GET)
    return render(
        request,
        "training/completions.jinja",
        {
            "page_title": f"Completions: {organisation.name}",
            "organisation": organisation,
            "page": page,
            "pagination": pagination_params(page, request.GET),
            "can_manage": can(request.actor, TrainingPerm.MANAGE),
        },
    )


@requires(TrainingPerm.MANAGE)
def completions_import(request: AppRequest, code: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    form = CompletionsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.completions_import(
                actor=request.actor, organisation=organisation, data=form.cleaned_data["file"].read()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                f"Imported {result.created:,} completions"
                + (f"; {result.already_recorded:,} were already recorded." if result.already_recorded else "."),
            )
            return redirect("training:completions", organisation.code)
    return render(
        request,
        "training/completions_import.jinja",
        {"page_title": "Import completions", "organisation": organisation, "form": form},
    )


@requires(TrainingPerm.PUBLISH)
def national(request: AppRequest) -> HttpResponseBase:
    rollup = queries.national_rollup(request.actor, fresh=request.GET.get("fresh") == "1")
    if request.GET.get("format") == "csv":

        def rows() -> Iterator[list[object]]:
            yield ["group", "name", "organisations", "organisations meeting target", "staff", "current", "percent"]
            for group, items in (
                ("all", [rollup.total]),
                ("type", rollup.by_type),
                ("category", rollup.by_category),
                ("region", rollup.by_region),
            ):
                for r in items:
                    yield [group, r.label, r.organisations, r.organisations_meeting, r.staff, r.current, r.percent]

        return _csv(rows(), "training-compliance-national.csv")
    return render(
        request,
        "training/national.jinja",
        {
            "page_title": "Training compliance across England",
            "rollup": rollup,
            "region_chart": bar_chart(
                [(r.label, r.percent) for r in rollup.by_region], title="Staff up to date, by region", unit="%"
            ),
            "type_chart": bar_chart(
                [(r.label, r.percent) for r in rollup.by_type], title="Staff up to date, by type", unit="%"
            ),
        },
    )


@requires(TrainingPerm.COMPLIANCE_VIEW)
def partner(request: AppRequest) -> HttpResponse:
    rows = queries.partner_compliance(request.actor)
    return render(
        request,
        "training/partner.jinja",
        {
            "page_title": "Training compliance of your organisations",
            "rows": rows,
            "target": queries.training_policy().target_percent,
        },
    )


@requires(TrainingPerm.PUBLISH)
def settings_page(request: AppRequest) -> HttpResponse:
    current = queries.training_policy()
    initial = {
        "target_percent": current.target_percent,
        "first_due_days": current.first_due_days,
        "reminder_days": ", ".join(str(d) for d in current.reminder_days),
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=request.actor, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The training settings have been saved.")
            return redirect("training:settings")
    return render(request, "training/settings.jinja", {"page_title": "Training settings", "form": form})
