"""The helpline: tickets raised by organisations, answered by their support partner or the national team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecyber.core.models import Organisation, SupportPartner
from carecyber.core.tenancy import TenantModel, TenantQuerySet
from carecyber.support.models.files import attachment_upload_to

REFERENCE_PREFIX = "HL-"


class TicketStatus(models.TextChoices):
    OPEN = "open", "Open"
    WAITING_ON_ORGANISATION = "waiting_on_organisation", "Waiting on organisation"
    WAITING_ON_SUPPORT = "waiting_on_support", "Waiting on support"
    RESOLVED = "resolved", "Resolved"


OPEN_STATUSES = (TicketStatus.OPEN, TicketStatus.WAITING_ON_ORGANISATION, TicketStatus.WAITING_ON_SUPPORT)


class Ticket(TenantModel):
    """A question from an organisation. Its queue is the partner (or, with none, the national team)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tickets")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    partner = models.ForeignKey(
        SupportPartner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        help_text="Who answers it; empty means the national team",
    )
    category = models.CharField(max_length=20)
    subject = models.CharField(max_length=150)
    status = models.CharField(max_length=30, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    article = models.SlugField(max_length=60, blank=True, help_text="The guidance article the person came from")
    created_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    first_response_due = models.DateTimeField()
    first_responded_at = models.DateTimeField(null=True, blank=True)
    due_warning_sent_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.CharField(max_length=1000, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reply_token = models.CharField(max_length=40, unique=True, help_text="Finds the ticket from an email reply")

    objects = TenantQuerySet["Ticket"].as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="support_ticket_rating_1_5"
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "status", "-last_activity_at"], name="support_ticket_queue"),
            models.Index(fields=["organisation", "-last_activity_at"], name="support_ticket_org"),
            models.Index(
                fields=["first_response_due"],
                condition=Q(first_responded_at__isnull=True, due_warning_sent_at__isnull=True),
                name="support_ticket_unanswered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"{REFERENCE_PREFIX}{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status != TicketStatus.RESOLVED


class MessageKind(models.TextChoices):
    MESSAGE = "message", "Message"
    NOTE = "note", "Note"  # written by the platform: status changes, refused attachments


class TicketMessage(TenantModel):
    tenant_path = "ticket__organisation"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField(max_length=200)
    from_support = models.BooleanField(default=False)
    kind = models.CharField(max_length=10, choices=MessageKind.choices, default=MessageKind.MESSAGE)
    body = models.TextField(max_length=10_000)
    via = models.CharField(max_length=10, default="web")  # web, email or api
    created_at = models.DateTimeField()

    objects = TenantQuerySet["TicketMessage"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="support_message_thread")]

    def __str__(self) -> str:
        return f"{self.author_label}: {self.body[:40]}"


class TicketAttachment(TenantModel):
    tenant_path = "message__ticket__organisation"

    message = models.ForeignKey(TicketMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=200)
    name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    objects = TenantQuerySet["TicketAttachment"].as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
