"""Independent audit: assigning an auditor, the auditor's findings and opinion, the organisation's responses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from carecyber.assessments import queries
from carecyber.assessments.forms import AuditAssignForm, FindingForm, OpinionForm, ResponseForm
from carecyber.assessments.models import AuditFinding, AuditState, Item
from carecyber.assessments.permissions import ToolkitPerm, toolkit_can, toolkit_requires
from carecyber.assessments.services import audits as audit_services
from carecyber.assessments.views.common import base_context
from carecyber.core.http import AppRequest
from carecyber.core.models import Membership, Role, User
from carecyber.core.views.errors import apply_validation_error


def _auditors(request: AppRequest, organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.visible_to(request.actor)
        .filter(organisation=organisation_id, role=Role.AUDITOR)
        .values("user_id")
    ).order_by("full_name")


@toolkit_requires(ToolkitPerm.VIEW)
def audit_list(request: AppRequest, code: str, pk: int) -> HttpResponse:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    form = None
    if toolkit_can(actor, ToolkitPerm.AUDIT_ASSIGN):
        form = AuditAssignForm(
            request.POST if request.method == "POST" else None, auditors=_auditors(request, assessment.organisation_id)
        )
        if request.method == "POST" and form.is_valid():
            try:
                audit = audit_services.audit_assign(
                    actor=actor, assessment=assessment, auditor=form.cleaned_data["auditor"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"{audit.auditor.full_name} can now see the assessment and has been emailed.")
                return redirect("assessments:audits", assessment.organisation.code, assessment.pk)
    elif request.method == "POST":
        raise PermissionDenied("Your role cannot assign auditors")
    return render(
        request,
        "assessments/audits.jinja",
        base_context(
            request,
            page_title="Independent audit",
            assessment=assessment,
            organisation=assessment.organisation,
            audits=queries.audits_of(actor, assessment),
            form=form,
        ),
        status=400 if request.method == "POST" else 200,
    )


@toolkit_requires(ToolkitPerm.VIEW)
def audit_detail(request: AppRequest, code: str, pk: int, audit_pk: int) -> HttpResponse:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    audit = queries.audit_for(actor, assessment, audit_pk)
    is_auditor = (
        actor.user is not None and audit.auditor_id == actor.user.pk and toolkit_can(actor, ToolkitPerm.AUDIT_RECORD)
    )
    open_audit = audit.state == AuditState.IN_PROGRESS
    items = Item.objects.filter(framework=assessment.framework_id, answers__assessment=assessment).order_by("position")
    finding_form = opinion_form = None
    if is_auditor and open_audit:
        finding_form = FindingForm(
            request.POST if request.POST.get("form") == "finding" else None,
            items=items,
            outcomes=assessment.framework.is_outcomes,
        )
        opinion_form = OpinionForm(request.POST if request.POST.get("form") == "opinion" else None)
    if request.method == "POST":
        if not is_auditor:
            raise PermissionDenied("Only the assigned auditor records findings")
        try:
            if finding_form is not None and request.POST.get("form") == "finding" and finding_form.is_valid():
                data = finding_form.cleaned_data
                audit_services.finding_add(
                    actor=actor,
                    audit=audit,
                    item=data["item"],
                    rating=data["rating"],
                    finding=data["finding"],
                    recommendation=data["recommendation"],
                    assessed_level=data.get("assessed_level") or "",
                )
                messages.success(request, f"Your finding on {data['item'].reference} has been recorded.")
                return redirect("assessments:audit", assessment.organisation.code, assessment.pk, audit.pk)
            if opinion_form is not None and request.POST.get("form") == "opinion" and opinion_form.is_valid():
                data = opinion_form.cleaned_data
                audit_services.opinion_give(
                    actor=actor,
                    audit=audit,
                    reliance=data["reliance"],
                    risk_level=data["risk_level"],
                    opinion=data["opinion"],
                )
                messages.success(request, "Your opinion has been given and the organisation has been told.")
                return redirect("assessments:audit", assessment.organisation.code, assessment.pk, audit.pk)
        except ValidationError as exc:
            target = opinion_form if request.POST.get("form") == "opinion" else finding_form
            if target is not None:
                apply_validation_error(target, exc)
    return render(
        request,
        "assessments/audit.jinja",
        base_context(
            request,
            page_title="Independent audit",
            assessment=assessment,
            organisation=assessment.organisation,
            audit=audit,
            findings=list(
                AuditFinding.objects.visible_to(actor).filter(audit=audit).select_related("item", "responded_by")
            ),
            finding_form=finding_form,
            opinion_form=opinion_form,
            can_respond=toolkit_can(actor, ToolkitPerm.AUDIT_RESPOND),
            response_form=ResponseForm(),
        ),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@toolkit_requires(ToolkitPerm.AUDIT_RESPOND)
def finding_respond(request: AppRequest, code: str, pk: int, audit_pk: int, finding_pk: int) -> HttpResponseBase:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    audit = queries.audit_for(actor, assessment, audit_pk)
    finding = get_object_or_404(
        AuditFinding.objects.visible_to(actor).select_related("item"), pk=finding_pk, audit=audit
    )
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            audit_services.finding_respond(actor=actor, finding=finding, response=form.cleaned_data["response"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Your response on {finding.item.reference} has been recorded.")
    else:
        messages.error(request, "Enter your response to the finding")
    return redirect("assessments:audit", assessment.organisation.code, assessment.pk, audit.pk)


@toolkit_requires(ToolkitPerm.AUDIT_RECORD)
def my_audits(request: AppRequest) -> HttpResponse:
    return render(
        request,
        "assessments/my_audits.jinja",
        base_context(request, page_title="Your audits", audits=list(queries.my_audits(request.actor))),
    )
