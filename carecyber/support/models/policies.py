"""Policy templates (our content), each organisation's answers, and the policies issued from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecyber.core.models import Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet
from carecyber.support.models.files import policy_upload_to


class PolicyTemplate(models.Model):
    """The current version of one template, loaded from `data/policies/<slug>.md`. Not tenant data."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    order = models.IntegerField(default=100)
    version = models.PositiveIntegerField()
    review_months = models.PositiveSmallIntegerField()
    evidences = models.JSONField(default=list, help_text="Toolkit item references this policy is evidence for")
    source = models.TextField()
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class PolicyAnswers(TenantModel):
    """The short form a security lead fills in once; every policy is filled in from it."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="policy_answers")
    organisation_name = models.CharField(max_length=200)
    address = models.TextField(max_length=400)
    siro_name = models.CharField(max_length=150)
    dpo_name = models.CharField(max_length=150)
    caldicott_guardian = models.CharField(max_length=150)
    it_provider = models.CharField(max_length=200)
    helpdesk_contact = models.CharField(max_length=200)
    backup_arrangements = models.TextField(max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = TenantQuerySet["PolicyAnswers"].as_manager()

    def __str__(self) -> str:
        return f"Policy answers of {self.organisation_id}"


class IssuedPolicy(TenantModel):
    """One version of one policy, filled in for one organisation, kept exactly as it was issued."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="issued_policies")
    template = models.ForeignKey(PolicyTemplate, on_delete=models.PROTECT, related_name="issued")
    template_version = models.PositiveIntegerField()
    version = models.PositiveIntegerField()
    issued_on = models.DateField()
    review_by = models.DateField()
    answers = models.JSONField(help_text="The answers it was filled in with")
    docx = models.FileField(upload_to=policy_upload_to, max_length=200)
    pdf = models.FileField(upload_to=policy_upload_to, max_length=200)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    evidence_attached_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["IssuedPolicy"].as_manager()

    class Meta:
        ordering = ["organisation", "template__order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "template", "version"], name="support_policy_version_once"),
            models.UniqueConstraint(
                fields=["organisation", "template"],
                condition=Q(superseded_at__isnull=True),
                name="support_policy_one_current",
            ),
        ]
        indexes = [
            models.Index(
                fields=["review_by"],
                condition=Q(superseded_at__isnull=True, review_reminded_at__isnull=True),
                name="support_policy_review_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.title} v{self.version}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None
