"""What each targeted organisation does about an advisory: acknowledge, applicability, updates, close."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from carecyber.core.tenancy import TenantModel, TenantQuerySet


class ResponseState(models.TextChoices):
    OPEN = "open", "Not acknowledged"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


class Applicability(models.TextChoices):
    UNKNOWN = "unknown", "Not yet declared"
    APPLICABLE = "applicable", "Applies to us"
    NOT_APPLICABLE = "not_applicable", "Does not apply to us"


class Outcome(models.TextChoices):
    PATCHED = "patched", "Patched"
    MITIGATED = "mitigated", "Mitigated"
    RISK_ACCEPTED = "risk_accepted", "Risk accepted"
    NOT_APPLICABLE = "not_applicable", "Does not apply"
    WITHDRAWN = "withdrawn", "Advisory withdrawn"


class Response(TenantModel):
    """One organisation's response to one advisory; created when the advisory targets it."""

    # No single-column indexes on these two: the unique constraint (advisory, organisation) and the index
    # (organisation, state) serve lookups by either, and publishing writes tens of thousands of responses.
    advisory = models.ForeignKey("alerts.Advisory", on_delete=models.CASCADE, related_name="responses", db_index=False)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="alert_responses", db_index=False
    )
    state = models.CharField(max_length=15, choices=ResponseState.choices, default=ResponseState.OPEN)
    targeted_at = models.DateTimeField()
    targeted_revision = models.PositiveIntegerField()
    reasons = models.JSONField(default=list, blank=True, help_text="Which asset matched which range, and why")
    rule_reason = models.CharField(max_length=300, blank=True)
    match_count = models.PositiveIntegerField(default=0)
    ack_due_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    applicability = models.CharField(max_length=15, choices=Applicability.choices, default=Applicability.UNKNOWN)
    applicability_reason = models.TextField(blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    next_update_due_at = models.DateTimeField(null=True, blank=True)
    last_update_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    closing_note = models.TextField(blank=True)
    risk_owner_name = models.CharField(max_length=150, blank=True)
    risk_owner_role = models.CharField(max_length=150, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    first_seen_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["Response"].as_manager()

    class Meta:
        ordering = ["ack_due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["advisory", "organisation"], name="response_once_per_organisation"),
            models.CheckConstraint(
                name="response_risk_acceptance_is_signed",
                condition=~models.Q(outcome="risk_accepted") | ~models.Q(risk_owner_name=""),
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "state"], name="response_org_state"),
            models.Index(fields=["advisory", "state"], name="response_advisory_state"),
            models.Index(fields=["state", "ack_due_at"], name="response_ack_due"),
            models.Index(fields=["state", "next_update_due_at"], name="response_update_due"),
            # Only set rows are indexed: a new response has neither, so publishing writes no entry here.
            models.Index(
                fields=["acknowledged_by"],
                name="response_acknowledged_by",
                condition=models.Q(acknowledged_by__isnull=False),
            ),
            models.Index(fields=["closed_by"], name="response_closed_by", condition=models.Q(closed_by__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.advisory_id} / {self.organisation_id}: {self.state}"

    @property
    def is_closed(self) -> bool:
        return self.state == ResponseState.CLOSED


class ResponseEvent(TenantModel):
    """The timeline of a response: every action, reminder and escalation."""

    tenant_path: ClassVar[str] = "response__organisation"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=30)
    by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(max_length=254, blank=True)
    acting_for = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    objects = TenantQuerySet["ResponseEvent"].as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["response", "at"], name="response_event_at")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class ReminderKind(models.TextChoices):
    ACK_REMINDER = "ack_reminder", "Acknowledgement reminder"
    ACK_ESCALATION = "ack_escalation", "Acknowledgement escalated"
    UPDATE_REMINDER = "update_reminder", "Update reminder"
    UPDATE_ESCALATION = "update_escalation", "Update escalated"


class Reminder(TenantModel):
    """One reminder or escalation for one deadline: the unique constraint makes the scheduled job idempotent."""

    tenant_path: ClassVar[str] = "response__organisation"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_at = models.DateTimeField(help_text="The deadline this reminder is about")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["Reminder"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "kind", "due_at"], name="reminder_once_per_deadline")
        ]
        indexes = [models.Index(fields=["sent_at"], name="reminder_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.response_id}"
