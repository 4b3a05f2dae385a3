"""Who hears about an advisory, and how we make sure they hear exactly once per revision."""

from __future__ import annotations

from django.db import models

from carecyber.core.tenancy import TenantModel, TenantQuerySet


class AlertContact(TenantModel):
    """A person who receives an organisation's alerts by email.

    Linked to a member of the organisation, or an alert-only contact: a name
    and an address, with no account and no other access (an on-call mailbox,
    an IT supplier's service desk).
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="alert_contacts")
    user = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["AlertContact"].as_manager()

    class Meta:
        ordering = ["name", "email"]
        constraints = [models.UniqueConstraint(fields=["organisation", "email"], name="alert_contact_once")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_alert_only(self) -> bool:
        return self.user_id is None


class FanOutState(models.TextChoices):
    PENDING = "pending", "Waiting"
    TARGETED = "targeted", "Preparing emails"
    DELIVERING = "delivering", "Sending"
    DONE = "done", "Done"


class FanOut(models.Model):
    """The work of telling everyone about one revision: targets, responses, deliveries. Resumable.

    pending → targeted (responses written: organisations see the alert) → delivering (delivery rows and
    in-app notices written) → done (every email sent or given up). Each step is its own transaction."""

    advisory = models.ForeignKey("alerts.Advisory", on_delete=models.CASCADE, related_name="fan_outs")
    revision = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, default="published")  # published, updated, withdrawn
    state = models.CharField(max_length=12, choices=FanOutState.choices, default=FanOutState.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(auto_now_add=True)
    targeted = models.PositiveIntegerField(default=0)
    newly_targeted = models.PositiveIntegerField(default=0)
    targeting_seconds = models.FloatField(null=True, blank=True)
    deliveries = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["advisory", "revision"], name="fan_out_once_per_revision")]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="fan_out_state")]

    def __str__(self) -> str:
        return f"{self.advisory_id} r{self.revision}: {self.state}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One email to one person for one revision. The unique constraint is the "exactly once"."""

    # Indexed by the unique constraint and the indexes below, which start with it.
    advisory = models.ForeignKey("alerts.Advisory", on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    revision = models.PositiveIntegerField()
    email = models.EmailField()
    name = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["advisory", "revision", "email"], name="delivery_once_per_person")
        ]
        indexes = [
            models.Index(fields=["advisory", "revision", "status", "id"], name="delivery_pending"),
            models.Index(fields=["email", "advisory"], name="delivery_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} r{self.revision}: {self.status}"


class Notification(models.Model):
    """An in-app notice for one person; `key` makes each notice unique (one per person per revision)."""

    # Indexed by the unique constraint (user, key) and the unread index, which start with it.
    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="alert_notifications", db_index=False)
    advisory = models.ForeignKey("alerts.Advisory", on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=80)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text

    @staticmethod
    def key_for_revision(advisory_id: int, revision: int) -> str:
        """The key of an advisory revision's notices: one per person per revision."""
        return f"advisory:{advisory_id}:r{revision}"
