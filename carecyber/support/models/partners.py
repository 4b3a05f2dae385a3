"""Which partner covers which organisations, and the messages partners send to groups of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carecyber.core.models import Organisation, OrganisationType, Region, SupportPartner
from carecyber.core.tenancy import TenantModel, TenantQuerySet


class CoverageRule(models.Model):
    """Organisations of this type in this region are covered by this partner (none: the national team)."""

    region = models.CharField(max_length=40, choices=Region.choices)
    org_type = models.CharField(max_length=30, choices=OrganisationType.choices)
    partner = models.ForeignKey(SupportPartner, null=True, blank=True, on_delete=models.CASCADE, related_name="rules")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["region", "org_type"]
        constraints = [models.UniqueConstraint(fields=["region", "org_type"], name="support_rule_once")]

    def __str__(self) -> str:
        return f"{self.region}/{self.org_type} → {self.partner or 'national team'}"


class CoverageException(TenantModel):
    """An organisation placed by hand: rules leave it where the national team put it."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="coverage_exception")
    partner = models.ForeignKey(SupportPartner, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    set_at = models.DateTimeField(auto_now=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = TenantQuerySet["CoverageException"].as_manager()

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.partner_id or 'national team'}"


class GroupMessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"


class GroupMessage(models.Model):
    """One message to the security leads of a filtered group of organisations, sent once whatever happens."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    partner = models.ForeignKey(
        SupportPartner, null=True, blank=True, on_delete=models.CASCADE, related_name="group_messages"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    essential = models.BooleanField(help_text="Essential messages go to everyone, even those who unsubscribed")
    filter_summary = models.CharField(max_length=500)
    organisation_ids = models.JSONField(help_text="The organisations matched when it was sent")
    idempotency_key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=GroupMessageStatus.choices, default=GroupMessageStatus.QUEUED)
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["sender", "idempotency_key"], name="support_group_message_once")]
        indexes = [models.Index(fields=["partner", "-created_at"], name="support_group_message_partner")]

    def __str__(self) -> str:
        return self.subject


class GroupMessageDelivery(models.Model):
    """One person's copy: created once (unique), marked when queued for sending or skipped."""

    message = models.ForeignKey(GroupMessage, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="support_delivery_once")]
        indexes = [models.Index(fields=["message", "sent_at"], name="support_delivery_pending")]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.user_id}"


class MessagePreference(models.Model):
    """A person's choice about non-essential messages from support partners and the national team."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    non_essential_opt_out = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {'no' if self.non_essential_opt_out else 'yes'} to non-essential messages"
