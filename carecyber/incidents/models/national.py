"""What the national team owns: the notification rules, and groups linking incidents across organisations."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from carecyber.core.tenancy import TenantModel, TenantQuerySet
from carecyber.incidents.models.incident import Incident


class NotificationRuleSet(models.Model):
    """One saved version of the notification table. The newest is in force; older ones explain old gradings."""

    data = models.JSONField()
    note = models.CharField(max_length=500, help_text="What changed and why (for example, the guidance it follows)")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_label = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Notification rules version {self.pk}"


class IncidentGroup(models.Model):
    """Incidents at several organisations that the national team sees as one (a supplier outage, a campaign)."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class IncidentGroupMember(TenantModel):
    tenant_path: ClassVar[str] = "incident__organisation"

    group = models.ForeignKey(IncidentGroup, on_delete=models.CASCADE, related_name="members")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="group_memberships")
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by_label = models.CharField(max_length=254, blank=True)

    objects = TenantQuerySet["IncidentGroupMember"].as_manager()

    class Meta:
        ordering = ["linked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "incident"], name="incident_group_member_once")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.incident_id}"
