"""The improvement plan: actions for unmet mandatory items, SIRO sign-off, national agreement, progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from carecyber.assessments import queries
from carecyber.assessments.engine.calendar import plan_due_limit
from carecyber.assessments.forms import DecisionForm, PlanActionForm, ProgressForm, SignOffForm
from carecyber.assessments.models import Assessment, ImprovementPlan, Item, PlanAction
from carecyber.assessments.permissions import ToolkitPerm, toolkit_can, toolkit_requires
from carecyber.assessments.services import plans as plan_services
from carecyber.assessments.services.assessments import today_local
from carecyber.assessments.views.common import base_context, csv_response, wants_csv
from carecyber.core.http import AppRequest
from carecyber.core.views.errors import apply_validation_error


def _plan(request: AppRequest, code: str, pk: int) -> tuple[ImprovementPlan, Assessment]:
    actor = request.actor
    assessment = queries.assessment_for(actor, code, pk)
    plan = queries.plan_of(actor, assessment)
    if plan is None:
        if not toolkit_can(actor, ToolkitPerm.MANAGE):
            raise PermissionDenied("There is no improvement plan yet")
        plan = plan_services.plan_for(actor=actor, assessment=assessment)
    return plan, assessment


@toolkit_requires(ToolkitPerm.VIEW)
def plan_detail(request: AppRequest, code: str, pk: int) -> HttpResponse:
    actor = request.actor
    plan, _ = _plan(request, code, pk)
    assessment = plan.assessment
    today = today_local()
    actions = {a.item_id: a for a in PlanAction.objects.visible_to(actor).filter(plan=plan).select_related("item")}
    unmet = plan_services.unmet_mandatory_items(assessment, today=today)
    rows = [(item, actions.pop(item.pk, None)) for item in unmet]
    rows += [(a.item, a) for a in actions.values()]  # actions for items since met
    if wants_csv(request):
        return csv_response(
            f"{assessment.organisation.code}-improvement-plan-{assessment.year_label}",
            ["item", "text", "action", "owner", "due", "progress", "note"],
            (
                [
                    item.reference,
                    item.text,
                    a.action if a else "",
                    a.owner if a else "",
                    a.due_on if a else "",
                    a.get_progress_display() if a else "",
                    a.progress_note if a else "",
                ]
                for item, a in rows
            ),
        )
    sign_off_form = SignOffForm() if plan.is_editable and toolkit_can(actor, ToolkitPerm.MANAGE) else None
    decision_form = DecisionForm() if plan.state == "submitted" and toolkit_can(actor, ToolkitPerm.PLAN_AGREE) else None
    return render(
        request,
        "assessments/plan.jinja",
        base_context(
            request,
            page_title=f"Improvement plan {assessment.year_label}",
            plan=plan,
            assessment=assessment,
            organisation=assessment.organisation,
            rows=rows,
            missing_actions=sum(1 for item, a in rows if a is None),
            overdue=plan_services.overdue_actions(plan, today=today),
            sign_off_form=sign_off_form,
            decision_form=decision_form,
            today=today,
        ),
    )


@toolkit_requires(ToolkitPerm.MANAGE)
def plan_action(request: AppRequest, code: str, pk: int, ref: str) -> HttpResponse:
    """Add or change the action for one item; record its progress."""
    actor = request.actor
    plan, _ = _plan(request, code, pk)
    assessment = plan.assessment
    item = get_object_or_404(Item, framework=assessment.framework_id, reference=ref)
    existing = PlanAction.objects.visible_to(actor).filter(plan=plan, item=item).first()
    today = today_local()
    action_form = PlanActionForm(
        request.POST if request.POST.get("form") == "action" else None,
        initial={"action": existing.action, "owner": existing.owner, "due_on": existing.due_on} if existing else None,
    )
    progress_form = ProgressForm(
        request.POST if request.POST.get("form") == "progress" else None,
        initial={"progress": existing.progress, "progress_note": existing.progress_note} if existing else None,
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "action" and action_form.is_valid():
                data = action_form.cleaned_data
                plan_services.plan_action_set(
                    actor=actor, plan=plan, item=item, action=data["action"], owner=data["owner"], due_on=data["due_on"]
                )
                messages.success(request, f"The action for {item.reference} has been saved.")
                return redirect("assessments:plan", assessment.organisation.code, assessment.pk)
            if request.POST.get("form") == "progress" and progress_form.is_valid() and existing is not None:
                plan_services.plan_action_progress(
                    actor=actor,
                    action=existing,
                    progress=progress_form.cleaned_data["progress"],
                    note=progress_form.cleaned_data["progress_note"],
                )
                messages.success(request, f"Progress on {item.reference} has been recorded.")
                return redirect("assessments:plan", assessment.organisation.code, assessment.pk)
            if request.POST.get("form") == "remove" and existing is not None:
                plan_services.plan_action_remove(actor=actor, action=existing)
                messages.success(request, f"The action for {item.reference} has been removed.")
                return redirect("assessments:plan", assessment.organisation.code, assessment.pk)
        except ValidationError as exc:
            apply_validation_error(progress_form if request.POST.get("form") == "progress" else action_form, exc)
    return render(
        request,
        "assessments/plan_action.jinja",
        base_context(
            request,
            page_title=f"Action for {item.reference}",
            plan=plan,
            assessment=assessment,
            organisation=assessment.organisation,
            item=item,
            existing=existing,
            action_form=action_form,
            progress_form=progress_form,
            latest_due=plan_due_limit(today),
        ),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@toolkit_requires(ToolkitPerm.MANAGE)
def plan_sign_off(request: AppRequest, code: str, pk: int) -> HttpResponseBase:
    plan, _ = _plan(request, code, pk)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            plan_services.plan_sign_off(
                actor=request.actor,
                plan=plan,
                siro_name=form.cleaned_data["siro_name"],
                siro_job_title=form.cleaned_data["siro_job_title"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "The plan has been signed off and sent to the national team to agree.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("assessments:plan", plan.organisation.code, plan.assessment_id)


@require_POST
@toolkit_requires(ToolkitPerm.PLAN_AGREE)
def plan_decide(request: AppRequest, code: str, pk: int) -> HttpResponseBase:
    plan, _ = _plan(request, code, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        agree = form.cleaned_data["decision"] == "agree"
        try:
            plan_services.plan_decide(actor=request.actor, plan=plan, agree=agree, note=form.cleaned_data["note"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "The plan has been agreed." if agree else "The plan has been returned.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("assessments:plan", plan.organisation.code, plan.assessment_id)


@require_POST
@toolkit_requires(ToolkitPerm.MANAGE)
def plan_reopen(request: AppRequest, code: str, pk: int) -> HttpResponseBase:
    plan, _ = _plan(request, code, pk)
    plan_services.plan_reopen(actor=request.actor, plan=plan)
    messages.success(request, "The plan is a draft again. It needs signing off and agreeing once you have changed it.")
    return redirect("assessments:plan", plan.organisation.code, plan.assessment_id)
