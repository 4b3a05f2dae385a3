"""Webhooks: an organisation's own systems hear about new incidents and grading changes."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from carecyber.core.models import Organisation
from carecyber.core.tenancy import TenantModel, TenantQuerySet
from carecyber.incidents.models.incident import Incident


class WebhookEndpoint(TenantModel):
    """One address per organisation. The secret signs each delivery (HMAC-SHA256)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="incident_webhook")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet["WebhookEndpoint"].as_manager()

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(TenantModel):
    """One event for one endpoint. Retried by a scheduled task until delivered or out of attempts."""

    tenant_path: ClassVar[str] = "endpoint__organisation"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    incident = models.ForeignKey(Incident, null=True, on_delete=models.SET_NULL, related_name="+")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["WebhookDelivery"].as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(state="pending"), name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint"),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"
