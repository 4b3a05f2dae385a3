"""A campaign: the same attack reported in one or many organisations, seen as one thing by the national team."""

from __future__ import annotations

from django.db import models


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ADVISORY = "advisory", "Advisory drafted"
    CLOSED = "closed", "Closed"


class Campaign(models.Model):
    """National data: clusters span organisations, so only the national team sees campaigns as a whole.

    Counts and first/last seen are kept up to date by the clustering service so
    the national list never counts reports on the fly.
    """

    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=300)
    verdict = models.CharField(max_length=12, blank=True)
    status = models.CharField(max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE)
    sender_domain = models.CharField(max_length=253, blank=True)
    fp_subject = models.CharField(max_length=300, blank=True)
    fp_url_domains = models.JSONField(default=list, blank=True)
    fp_attachment_hashes = models.JSONField(default=list, blank=True)
    fp_simhash = models.BigIntegerField(null=True, blank=True)
    indicators = models.JSONField(default=dict, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    organisation_count = models.PositiveIntegerField(default=0)
    reporter_count = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    advisory_reference = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_seen", "-id"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"
