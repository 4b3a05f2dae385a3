"""Policies: the answers form, each policy previewed and issued as Word and PDF, versions, evidence."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecyber.core import queries as core_queries
from carecyber.core.decorators import member_required
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error
from carecyber.support import integrations, permissions, presenters
from carecyber.support.forms import PolicyAnswersForm
from carecyber.support.policydocs.document import fill
from carecyber.support.policydocs.html_writer import write_html
from carecyber.support.queries import policies as queries
from carecyber.support.services import policies as services


def _manage(request: AppRequest) -> None:
    if not permissions.can_manage_policies(request.actor):
        raise PermissionDenied("Only the organisation's security lead can change its policies")


@member_required
def policies_home(request: AppRequest) -> HttpResponse:
    organisation = request.actor.organisation
    if organisation is None:
        return redirect("support:partner-dashboard")
    return redirect("support:policies", organisation.code)


@member_required
def policy_list(request: AppRequest, code: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    answers = queries.answers_of(request.actor, organisation)
    today = timezone.localdate()
    rows = queries.policy_rows(request.actor, organisation)
    return render(
        request,
        "support/policy_list.jinja",
        {
            "page_title": "Policies",
            "organisation": organisation,
            "answers": answers,
            "answers_complete": services.answers_complete(answers),
            "rows": [(row, presenters.review_tag(row.current, today)) for row in rows],
            "can_manage": permissions.can_manage_policies(request.actor),
            "issued_count": sum(1 for row in rows if row.current),
        },
    )


@member_required
def policy_answers(request: AppRequest, code: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    _manage(request)
    current = services.answers_dict(queries.answers_of(request.actor, organisation))
    if not current:
        current = {"organisation_name": organisation.name}
    form = PolicyAnswersForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_answers_save(actor=request.actor, organisation=organisation, answers=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Your answers are saved. Issue your policies to fill them in.")
            return redirect("support:policies", organisation.code)
    return render(
        request,
        "support/policy_answers.jinja",
        {"page_title": "Policy questions", "organisation": organisation, "form": form},
    )


@member_required
def policy_detail(request: AppRequest, code: str, slug: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    template = queries.template_by_slug(slug)
    answers = queries.answers_of(request.actor, organisation)
    versions = queries.versions_of(request.actor, organisation, template)
    preview = None
    if services.answers_complete(answers):
        next_version = versions[0].version + 1 if versions else 1
        filled = fill(
            services.template_source(template),
            services.answers_dict(answers),
            version=next_version,
            issued_on=timezone.localdate(),
        )
        preview = write_html(filled)
    return render(
        request,
        "support/policy_detail.jinja",
        {
            "page_title": template.title,
            "organisation": organisation,
            "template": template,
            "versions": versions,
            "current": versions[0] if versions and versions[0].is_current else None,
            "preview": preview,
            "can_manage": permissions.can_manage_policies(request.actor),
            "can_attach": integrations.evidence_attach_available(),
            "today": timezone.localdate(),
            "soon": timezone.localdate() + timedelta(days=services.REVIEW_NOTICE_DAYS),
        },
    )


@require_POST
@member_required
def policy_issue(request: AppRequest, code: str, slug: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    _manage(request)
    template = queries.template_by_slug(slug)
    try:
        issued = services.policy_issue(actor=request.actor, organisation=organisation, template=template)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("support:policy-answers", organisation.code)
    messages.success(request, f"{template.title} version {issued.version} is ready to download.")
    return redirect("support:policy", organisation.code, template.slug)


@require_POST
@member_required
def policy_issue_all(request: AppRequest, code: str) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    _manage(request)
    try:
        issued = services.policies_issue_all(actor=request.actor, organisation=organisation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("support:policy-answers", organisation.code)
    messages.success(request, f"{len(issued)} policies are filled in and ready to download.")
    return redirect("support:policies", organisation.code)


@member_required
def policy_download(request: AppRequest, code: str, pk: int, fmt: str) -> HttpResponseBase:
    organisation = core_queries.organisation_for(request.actor, code)
    issued = queries.issued_policy(request.actor, organisation, pk)
    if fmt not in {"docx", "pdf"}:
        raise Http404("No such format")
    stored = issued.docx if fmt == "docx" else issued.pdf
    content_type = services.DOCX_TYPE if fmt == "docx" else services.PDF_TYPE
    name = f"{organisation.code}-{issued.template.slug}-v{issued.version}.{fmt}"
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@member_required
def policy_attach(request: AppRequest, code: str, pk: int) -> HttpResponse:
    organisation = core_queries.organisation_for(request.actor, code)
    _manage(request)
    issued = queries.issued_policy(request.actor, organisation, pk)
    if not integrations.evidence_attach_available():
        raise Http404("Attaching evidence is not available")
    try:
        references = services.policy_attach_as_evidence(actor=request.actor, policy=issued)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{issued.template.title} is attached as evidence to toolkit items {', '.join(references)}."
        )
    return redirect("support:policy", organisation.code, issued.template.slug)
