"""Improvement plans: an action for each unmet mandatory item, signed off by the SIRO, agreed nationally."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from carecyber.assessments.models.assessment import Assessment
from carecyber.assessments.models.framework import Item
from carecyber.core.models import Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet


class PlanState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Signed off, waiting for the national team"
    AGREED = "agreed", "Agreed"
    RETURNED = "returned", "Returned for changes"


class ImprovementPlan(TenantModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="improvement_plans")
    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="plan")
    state = models.CharField(max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    siro_name = models.CharField(max_length=150, blank=True)
    siro_job_title = models.CharField(max_length=150, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["ImprovementPlan"].as_manager()

    class Meta:
        indexes = [models.Index(fields=["state", "signed_off_at"], name="plan_state_signed")]

    def __str__(self) -> str:
        return f"Improvement plan for {self.assessment}"

    @property
    def is_editable(self) -> bool:
        return self.state in {PlanState.DRAFT, PlanState.RETURNED}


class ActionProgress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class PlanAction(TenantModel):
    tenant_path: ClassVar[str] = "plan__organisation"

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    action = models.TextField()
    owner = models.CharField(max_length=150, help_text="The named person who will do it")
    due_on = models.DateField()
    progress = models.CharField(max_length=20, choices=ActionProgress.choices, default=ActionProgress.NOT_STARTED)
    progress_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet["PlanAction"].as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "item"], name="plan_action_one_per_item")]
        indexes = [models.Index(fields=["due_on", "progress"], name="plan_action_due")]

    def __str__(self) -> str:
        return f"{self.item.reference}: {self.action[:40]}"
