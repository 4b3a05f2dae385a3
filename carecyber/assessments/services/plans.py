"""Improvement plans: an action, an owner and a due date for each unmet mandatory item; SIRO sign-off;
national agreement, which makes the status Approaching Standards; progress tracked to the due dates."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carecyber.assessments.engine.calendar import plan_due_limit
from carecyber.assessments.models import (
    ActionProgress,
    Answer,
    Assessment,
    ImprovementPlan,
    Item,
    OrganisationStatus,
    PlanAction,
    PlanState,
)
from carecyber.assessments.permissions import ToolkitPerm, require
from carecyber.assessments.services.assessments import leads_of, met_now, today_local
from carecyber.assessments.services.status import status_refresh
from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.core.mail import absolute_url, send_templated

ACTION_MAX = 2000


def unmet_mandatory_items(assessment: Assessment, *, today: date | None = None) -> list[Item]:
    """The mandatory items that are answered or not, but not met today: each needs an action."""
    today = today or today_local()
    return [
        a.item
        for a in Answer.objects.filter(assessment=assessment, mandatory=True)
        .exclude(met_now(today))
        .select_related("item")
        .order_by("item__position")
    ]


def plan_for(*, actor: Actor, assessment: Assessment) -> ImprovementPlan:
    """The assessment's plan, started (as a draft) the first time the lead opens it."""
    existing = ImprovementPlan.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    require(actor, ToolkitPerm.MANAGE)
    with transaction.atomic():
        plan, created = ImprovementPlan.objects.get_or_create(
            assessment=assessment, defaults={"organisation": assessment.organisation}
        )
        if created:
            audit_record(actor=actor, action="plan.started", obj=plan, organisation=assessment.organisation_id)
    return plan


def _check_action(action: str, owner: str, due_on: date, *, today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not action.strip():
        errors["action"] = ["Say what will be done to meet this item"]
    elif len(action.strip()) > ACTION_MAX:
        errors["action"] = [f"Keep the action to {ACTION_MAX:,} characters or fewer"]
    if not owner.strip():
        errors["owner"] = ["Name the person who will do it"]
    elif len(owner.strip()) > 150:
        errors["owner"] = ["Keep the name to 150 characters or fewer"]
    limit = plan_due_limit(today)
    if due_on < today:
        errors["due_on"] = ["The due date must be today or later"]
    elif due_on > limit:
        errors["due_on"] = [f"Actions must be done within six months: choose a date on or before {limit:%d %B %Y}"]
    return errors


def plan_action_set(
    *,
    actor: Actor,
    plan: ImprovementPlan,
    item: Item,
    action: str,
    owner: str,
    due_on: date,
    today: date | None = None,
) -> PlanAction:
    """Add or change the action for one item (while the plan is a draft or has been returned)."""
    require(actor, ToolkitPerm.MANAGE)
    today = today or today_local()
    if not plan.is_editable:
        raise ValidationError({"__all__": ["The plan has been signed off: reopen it to change its actions"]})
    if item.framework_id != plan.assessment.framework_id:
        raise ValidationError({"item": ["That item is not part of this assessment"]})
    errors = _check_action(action, owner, due_on, today=today)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, created = PlanAction.objects.update_or_create(
            plan=plan,
            item=item,
            defaults={"action": action.strip(), "owner": owner.strip(), "due_on": due_on},
        )
        audit_record(
            actor=actor,
            action="plan.action_added" if created else "plan.action_changed",
            obj=plan,
            organisation=plan.organisation_id,
            object_label=f"{plan.assessment} {item.reference}",
            changes={"item": item.reference, "owner": owner.strip(), "due_on": due_on.isoformat()},
        )
    return row


def plan_action_remove(*, actor: Actor, action: PlanAction) -> None:
    require(actor, ToolkitPerm.MANAGE)
    plan = action.plan
    if not plan.is_editable:
        raise ValidationError({"__all__": ["The plan has been signed off: reopen it to change its actions"]})
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="plan.action_removed",
            obj=plan,
            organisation=plan.organisation_id,
            changes={"item": action.item.reference},
        )
        action.delete()


def plan_action_progress(*, actor: Actor, action: PlanAction, progress: str, note: str = "") -> PlanAction:
    """Record progress on an action; allowed at any time, so the plan is tracked to its due dates."""
    require(actor, ToolkitPerm.MANAGE)
    if progress not in ActionProgress.values:
        raise ValidationError({"progress": ["Choose how far the action has got"]})
    if len(note.strip()) > ACTION_MAX:
        raise ValidationError({"progress_note": [f"Keep the note to {ACTION_MAX:,} characters or fewer"]})
    with transaction.atomic():
        before = action.progress
        PlanAction.objects.filter(pk=action.pk).update(
            progress=progress, progress_note=note.strip(), updated_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="plan.progress_recorded",
            obj=action.plan,
            organisation=action.plan.organisation_id,
            changes={"item": action.item.reference, "progress": [before, progress]},
        )
    action.refresh_from_db()
    return action


def plan_sign_off(
    *, actor: Actor, plan: ImprovementPlan, siro_name: str, siro_job_title: str, today: date | None = None
) -> ImprovementPlan:
    """The named senior information risk owner signs the plan off; it goes to the national team."""
    require(actor, ToolkitPerm.MANAGE)
    today = today or today_local()
    errors: dict[str, list[str]] = {}
    if not siro_name.strip():
        errors["siro_name"] = ["Enter the name of your senior information risk owner"]
    if not siro_job_title.strip():
        errors["siro_job_title"] = ["Enter their job title"]
    if not plan.is_editable:
        errors["__all__"] = ["This plan has already been signed off"]
    missing = {i.reference for i in unmet_mandatory_items(plan.assessment, today=today)} - set(
        plan.actions.values_list("item__reference", flat=True)
    )
    if missing:
        errors.setdefault("__all__", []).append(
            f"Add an action for every unmet mandatory item first. Still without an action: {', '.join(sorted(missing))}"
        )
    if not plan.actions.exists() and not missing:
        errors.setdefault("__all__", []).append("A plan needs at least one action")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ImprovementPlan.objects.filter(pk=plan.pk).update(
            state=PlanState.SUBMITTED,
            siro_name=siro_name.strip()[:150],
            siro_job_title=siro_job_title.strip()[:150],
            signed_off_at=timezone.now(),
            signed_off_by=actor.user,
            decision_note="",
        )
        audit_record(
            actor=actor,
            action="plan.signed_off",
            obj=plan,
            organisation=plan.organisation_id,
            changes={"siro": siro_name.strip(), "actions": plan.actions.count()},
        )
    plan.refresh_from_db()
    return plan


def plan_decide(
    *, actor: Actor, plan: ImprovementPlan, agree: bool, note: str = "", today: date | None = None
) -> ImprovementPlan:
    """The national team agrees a signed-off plan (Approaching Standards) or returns it with a reason."""
    require(actor, ToolkitPerm.PLAN_AGREE)
    if plan.state != PlanState.SUBMITTED:
        raise ValidationError({"__all__": ["Only a plan that has been signed off and sent can be agreed or returned"]})
    if not agree and not note.strip():
        raise ValidationError({"note": ["Say what needs to change"]})
    with transaction.atomic():
        state = PlanState.AGREED if agree else PlanState.RETURNED
        ImprovementPlan.objects.filter(pk=plan.pk).update(
            state=state, decided_at=timezone.now(), decided_by=actor.user, decision_note=note.strip()[:2000]
        )
        plan.refresh_from_db()
        _link_to_status(plan)
        audit_record(
            actor=actor,
            action="plan.agreed" if agree else "plan.returned",
            obj=plan,
            organisation=plan.organisation_id,
            changes={"note": note.strip()},
        )
        status_refresh(organisation_ids=_organisations_covered(plan), actor=actor, today=today)
        leads = [u.email for u in leads_of(plan.organisation_id)]
        if leads:
            link = absolute_url(reverse("assessments:plan", args=[plan.organisation.code, plan.assessment_id]))
            transaction.on_commit(
                lambda: send_templated(
                    to=leads,
                    subject=f"Your improvement plan has been {'agreed' if agree else 'returned'}",
                    template="toolkit_plan_decided",
                    context={"plan": plan, "agreed": agree, "note": note.strip(), "link": link},
                )
            )
    return plan


def plan_reopen(*, actor: Actor, plan: ImprovementPlan, today: date | None = None) -> ImprovementPlan:
    """Back to a draft to change its actions; an agreed plan stops counting until agreed again."""
    require(actor, ToolkitPerm.MANAGE)
    if plan.is_editable:
        return plan
    with transaction.atomic():
        ImprovementPlan.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)
        plan.refresh_from_db()
        audit_record(actor=actor, action="plan.reopened", obj=plan, organisation=plan.organisation_id)
        _link_to_status(plan)
        status_refresh(organisation_ids=_organisations_covered(plan), actor=actor, today=today)
    return plan


def _organisations_covered(plan: ImprovementPlan) -> list[int]:
    """The plan's organisation, and any site whose current publication came from this assessment."""
    return list(
        OrganisationStatus.objects.filter(publication__assessment=plan.assessment_id).values_list("pk", flat=True)
    ) or [plan.organisation_id]


def _link_to_status(plan: ImprovementPlan) -> None:
    """Point each covered organisation's status at this plan when it is agreed and covers every unmet item."""
    from carecyber.assessments.services.status import _covers

    for status in OrganisationStatus.objects.filter(publication__assessment=plan.assessment_id).select_related(
        "publication"
    ):
        publication = status.publication
        assert publication is not None
        covering = plan.state == PlanState.AGREED and _covers(plan, publication.unmet_mandatory)
        OrganisationStatus.objects.filter(pk=status.pk).update(plan=plan if covering else None)


def overdue_actions(plan: ImprovementPlan, *, today: date | None = None) -> list[PlanAction]:
    today = today or today_local()
    return [a for a in plan.actions.select_related("item") if a.due_on < today and a.progress != ActionProgress.DONE]
