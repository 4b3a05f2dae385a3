"""Webinars and drop-in sessions, published by partners and the national team, and who is coming."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from carecyber.core.models import Organisation, SupportPartner
from carecyber.core.roles import ORGANISATION_ROLES, Role
from carecyber.core.tenancy import TenantModel, TenantQuerySet

if TYPE_CHECKING:
    from carecyber.core.actor import Actor


class EventKind(models.TextChoices):
    WEBINAR = "webinar", "Webinar"
    DROP_IN = "drop_in", "Drop-in session"


class EventAudience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    PARTNER_ORGANISATIONS = "partner_organisations", "The host partner's organisations"


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, actor: Actor) -> Self:
        """National events reach everyone; a partner's reach its own organisations (or all, if it says so)."""
        if actor.is_national or actor.is_system:
            return self
        membership = actor.membership
        if membership is None:
            return self.none()
        open_to_all = Q(host_partner__isnull=True) | Q(audience=EventAudience.EVERYONE)
        if membership.role == Role.SUPPORT_PARTNER:
            return self.filter(open_to_all | Q(host_partner_id=membership.support_partner_id))
        if membership.role in ORGANISATION_ROLES and membership.organisation is not None:
            partner_id = membership.organisation.support_partner_id
            return self.filter(open_to_all | Q(host_partner_id=partner_id)) if partner_id else self.filter(open_to_all)
        return self.none()


class Event(models.Model):
    host_partner = models.ForeignKey(
        SupportPartner,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        help_text="Empty: the national team",
    )
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    description = models.TextField(max_length=5000, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, help_text="An address, or 'Online'")
    joining_link = models.URLField(max_length=500, blank=True, help_text="Shown to people who register")
    capacity = models.PositiveIntegerField(null=True, blank=True)
    audience = models.CharField(max_length=30, choices=EventAudience.choices, default=EventAudience.EVERYONE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="support_event_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["host_partner", "starts_at"], name="support_event_host")]

    def __str__(self) -> str:
        return self.title

    @property
    def host_name(self) -> str:
        return self.host_partner.name if self.host_partner else "National support team"


class EventRegistration(TenantModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="event_registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet["EventRegistration"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="support_registration_once")]
        indexes = [
            models.Index(fields=["organisation", "event"], name="support_registration_org"),
            models.Index(
                fields=["event"],
                condition=Q(cancelled_at__isnull=True, reminder_sent_at__isnull=True),
                name="support_registration_remind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.event_id}"
