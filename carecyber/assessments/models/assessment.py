"""An organisation's yearly assessment against one framework version, its answers, evidence and comments.

Every item that applies to the organisation has an Answer row from the
moment the assessment starts, so what applies, what is mandatory and what is
answered are all plain columns: progress is one grouped count, for one
organisation or for 50,000.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecyber.assessments.engine.calendar import year_label
from carecyber.assessments.engine.status import percent
from carecyber.assessments.models.framework import Framework, Item, Standard
from carecyber.core.models import Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet


class Assessment(TenantModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(help_text="The year its deadline (30 June) falls in: 2027 for 2026-27")
    profile = models.CharField(max_length=40, blank=True, help_text="Outcomes frameworks: the target profile")
    category = models.PositiveSmallIntegerField(help_text="The organisation's category when the items were chosen")
    org_type = models.CharField(max_length=30, help_text="The organisation's type when the items were chosen")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Figures, refreshed after every change and by the recompute job.
    applicable_total = models.PositiveIntegerField(default=0)
    answered_total = models.PositiveIntegerField(default=0)
    met_total = models.PositiveIntegerField(default=0)
    mandatory_total = models.PositiveIntegerField(default=0)
    mandatory_answered = models.PositiveIntegerField(default=0)
    mandatory_met = models.PositiveIntegerField(default=0)
    figures_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["Assessment"].as_manager()

    class Meta:
        ordering = ["-year", "framework__title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "framework", "year"], name="assessment_one_per_year")
        ]
        indexes = [
            models.Index(fields=["framework", "year"], name="assessment_framework_year"),
            models.Index(fields=["organisation", "-year"], name="assessment_org_year"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.title} {self.year_label}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def percent_complete(self) -> int:
        return percent(self.answered_total, self.applicable_total)

    @property
    def all_mandatory_met(self) -> bool:
        return self.mandatory_met == self.mandatory_total


class Answer(TenantModel):
    """One applicable item of one assessment: the answer (if any), whether it meets the item, who owns it."""

    tenant_path: ClassVar[str] = "assessment__organisation"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    mandatory = models.BooleanField(help_text="Mandatory for this organisation's category")
    value = models.JSONField(null=True, blank=True)
    answered = models.BooleanField(default=False)
    met = models.BooleanField(default=False)
    met_until = models.DateField(null=True, blank=True, help_text="A dated answer stops meeting its item after this")
    evidence_count = models.PositiveIntegerField(default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_answers"
    )
    version = models.PositiveIntegerField(default=0, help_text="Goes up with every change; stops silent overwrites")
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantQuerySet["Answer"].as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="answer_one_per_item")]
        indexes = [
            models.Index(fields=["item", "met"], name="answer_item_met"),
            models.Index(fields=["assignee"], condition=Q(assignee__isnull=False), name="answer_assignee"),
        ]

    def __str__(self) -> str:
        return f"{self.item.reference}: {self.value!r}"


class Comment(TenantModel):
    """A note on an item of an assessment, for the people working on it (and its auditor)."""

    tenant_path: ClassVar[str] = "assessment__organisation"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField(max_length=150)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["Comment"].as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assessment", "item", "created_at"], name="comment_item_time")]

    def __str__(self) -> str:
        return f"{self.author_label}: {self.body[:40]}"


class EvidenceFile(TenantModel):
    """A file attached to an item as evidence. Kept with its SHA-256; a file of the same name is a new version."""

    tenant_path: ClassVar[str] = "assessment__organisation"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=200, help_text="Where the bytes are, under a random name")
    version = models.PositiveIntegerField(default=1)
    note = models.CharField(max_length=500, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_by_label = models.CharField(max_length=150, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TenantQuerySet["EvidenceFile"].as_manager()

    class Meta:
        ordering = ["file_name", "-version"]
        indexes = [models.Index(fields=["assessment", "item"], name="evidence_item")]

    def __str__(self) -> str:
        return f"{self.file_name} (version {self.version})"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None
