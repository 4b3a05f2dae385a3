"""Independent audit of an assessment: an assigned auditor, findings per item, an overall opinion, responses."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from carecyber.assessments.models.assessment import Assessment
from carecyber.assessments.models.framework import Item
from carecyber.core.models import Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet


class AuditState(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    OPINION_GIVEN = "opinion_given", "Opinion given"


class Reliance(models.TextChoices):
    """How far the self-assessment can be relied on."""

    SUBSTANTIAL = "substantial", "Substantial: it can be relied on"
    MODERATE = "moderate", "Moderate: it can mostly be relied on"
    LIMITED = "limited", "Limited: parts cannot be relied on"
    UNSATISFACTORY = "unsatisfactory", "Unsatisfactory: it cannot be relied on"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class IndependentAudit(TenantModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="independent_audits")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="audits")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audits")
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=20, choices=AuditState.choices, default=AuditState.IN_PROGRESS)
    reliance = models.CharField(max_length=20, choices=Reliance.choices, blank=True)
    risk_level = models.CharField(max_length=20, choices=RiskLevel.choices, blank=True)
    opinion = models.TextField(blank=True)
    opinion_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["IndependentAudit"].as_manager()

    class Meta:
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "auditor"], name="audit_one_per_auditor"),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.assessment} by {self.auditor}"


class FindingRating(models.TextChoices):
    AGREES = "agrees", "Agrees with the self-assessment"
    PARTLY = "partly", "Partly agrees"
    DISAGREES = "disagrees", "Does not agree"


class AuditFinding(TenantModel):
    tenant_path: ClassVar[str] = "audit__organisation"

    audit = models.ForeignKey(IndependentAudit, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=20, choices=FindingRating.choices)
    assessed_level = models.CharField(max_length=30, blank=True, help_text="Outcomes: the level the auditor found")
    finding = models.TextField()
    recommendation = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantQuerySet["AuditFinding"].as_manager()

    class Meta:
        ordering = ["item__position", "pk"]

    def __str__(self) -> str:
        return f"{self.item.reference}: {self.get_rating_display()}"
