"""Bookkeeping for scheduled jobs and Assure: reminders sent, and peer figures worked out in bulk."""

from __future__ import annotations

from django.db import models

from carecyber.assessments.models.framework import Framework, Item, Standard
from carecyber.core.models import Organisation


class ReminderKind(models.TextChoices):
    DEADLINE = "deadline", "Before the 30 June deadline"
    EXPIRY = "expiry", "Before the published status expires"


class ReminderSent(models.Model):
    """One reminder stage sent to one organisation: the unique key makes a retried job send it once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    target_date = models.DateField()
    stage = models.PositiveSmallIntegerField(help_text="Days before the date: 60, 30 or 7")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "target_date", "stage"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.kind} {self.target_date} −{self.stage}"


class PeerStandardFigures(models.Model):
    """Peers' share of met items per standard: organisations of one type in one region, one framework year."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    org_type = models.CharField(max_length=30)
    region = models.CharField(max_length=40)
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="+")
    peers = models.PositiveIntegerField()
    q1 = models.FloatField()
    median = models.FloatField()
    q3 = models.FloatField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "year", "org_type", "region", "standard"], name="peer_standard_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_type}/{self.region} {self.standard.reference}: {self.median}"


class PeerItemFigures(models.Model):
    """How many peers an item applies to and how many meet it."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    org_type = models.CharField(max_length=30)
    region = models.CharField(max_length=40)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    applicable = models.PositiveIntegerField()
    met = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["framework", "year", "org_type", "region", "item"], name="peer_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.org_type}/{self.region} {self.item.reference}: {self.met}/{self.applicable}"

    @property
    def met_rate(self) -> float:
        return self.met / self.applicable if self.applicable else 0.0
